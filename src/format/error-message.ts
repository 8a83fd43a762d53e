// What a caught value says, for a message on screen, in the journal or in the command log.
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
