/** The message `fn` throws (the test fails if it throws nothing), for exact-message assertions. */
export function thrownMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}
