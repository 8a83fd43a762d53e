// Messages written for a terminal (the transport's host-key banner, with its rows of @) made fit
// for one line of a verdict, or for the lines of a pane.

/** Lines of a message without the banner's decoration: rows of @ dropped, "@ TITLE @" unwrapped. */
export function messageLines(text: string): string[] {
  return text
    .split('\n')
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
