// One class for every mistake the operator can fix (after patroni's ctl.py, whose commands all
// raise PatroniCtlException for those): how hapilot was called, a cluster or procedure file that
// does not read, a plan that cannot be made, a resume that is refused, a template value that does
// not exist. Each is this class or a subclass of it. `main` (src/cli/main.ts) says its message in
// one line and exits with the code the running command gives operator mistakes: never a stack
// trace. Anything else thrown is a bug in hapilot and keeps its stack trace.
// A leaf module: every layer may import it.
export class OperatorError extends Error {
  override name = 'OperatorError';
}
