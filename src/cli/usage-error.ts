/** The command line itself is wrong (unknown flag, missing argument): exit code 2 and a usage hint. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
