// What the PostgreSQL planners return: the exact shell text of a step and one sentence of why,
// and the refusal when what the node reported does not settle the question.

/** A shell script to run as root on the node (every value in it already quoted), and why it is that script. */
export interface ShellStep {
  text: string;
  why: string;
}

/** hapilot cannot tell how to run PostgreSQL on a node: said before any change, with what is missing. */
export class PostgresLayoutRefused extends Error {
  override name = 'PostgresLayoutRefused';
}
