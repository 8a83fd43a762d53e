/** A mistake in how hapilot was called or configured: reported in one clear line, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
