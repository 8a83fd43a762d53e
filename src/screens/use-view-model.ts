// Derive-and-compare: a screen's view model is recomputed when its sources say something
// happened (and on a slow tick, for ages), but React state, and so a new frame, changes only
// when the model's content differs. A wallboard left alone for months draws a frame when the
// cluster changes, not on every round.
import { useEffect, useRef, useState } from 'react';

export interface ViewModelSource {
  /** Calls back when anything the model is derived from may have changed; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
}

/** `deps`: props the derivation reads (the width, say); a change re-derives at once. */
export function useViewModel<M>(source: ViewModelSource, derive: () => M, tickMs: number | null, deps: readonly unknown[] = []): M {
  const [model, setModel] = useState<M>(derive);
  const last = useRef(JSON.stringify(model));
  // The latest derive (it closes over props) without re-subscribing on every render.
  const deriveRef = useRef(derive);
  deriveRef.current = derive;
  const update = useRef(() => {
    const next = deriveRef.current();
    const key = JSON.stringify(next);
    if (key === last.current) return;
    last.current = key;
    setModel(next);
  }).current;

  useEffect(() => {
    update();
    const unsubscribe = source.subscribe(update);
    const timer = tickMs ? setInterval(update, tickMs) : null;
    return () => {
      unsubscribe();
      if (timer) clearInterval(timer);
    };
  }, [source, tickMs, update]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the model derives from (deps is its contract)
  useEffect(update, deps);

  return model;
}
