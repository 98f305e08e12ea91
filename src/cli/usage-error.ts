/** An error whose message is meant for the person at the terminal: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
