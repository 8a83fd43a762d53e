// Messages written for a terminal (the transport's host-key banner, with its rows of @) made fit
// for one line of a verdict, or for the lines of a pane. What a node said is shown, never obeyed:
// control characters come out as escapes (format/visible.ts).
import { visibleLine } from '../format/visible.js';

/** Lines of a message without the banner's decoration: rows of @ dropped, "@ TITLE @" unwrapped. */
export function messageLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(visibleLine)
    .map((l) => l.trim())
    .filter((l) => l && !/^@+$/.test(l))
    .map((l) => l.replace(/^@+\s*(.*?)\s*@+$/, '$1'));
}

/** The message on one line. */
export function oneLine(text: string): string {
  return messageLines(text).join(' ');
}

/** A node's own name at the start of a message shown in that node's pane says nothing new. */
export function withoutNodePrefix(text: string, name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`^(?:${escaped}:\\s*)+`), '');
}

/**
 * A message without what changes every round while nothing else does: relative ages
 * ("(35 s ago)": the stale banner gives the clock time) and the transport's reconnect schedule
 * ("; next attempt at 06:08:20.120Z", "; reconnecting").
 */
export function steadyMessage(m: string): string {
  return m.replace(/ \((?:[\d.]+ (?:s|min|h|d) ?)+ago\)/g, '').replace(/; (?:next attempt at \S+?|reconnecting)(?=;|$)/g, '');
}
