/** Where the CLI writes: stdout and stderr, or buffers in a test. */
export interface CliIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}
