/** A mistake in what the user gave: the CLI prints its message as one line and exits non-zero. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
