import { writeSync } from 'node:fs';

/** Where the CLI writes: stdout and stderr, or buffers in a test. */
export interface CliIo {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

/**
 * The process's stdout and stderr, written synchronously to file descriptors 1 and 2 (as Node writes
 * files, pipes and terminals on Linux anyway), without creating `process.stdout`: its stream loads a
 * terminal's or a pipe's modules on first use, a few ms of every run (issue 11: CLI start-up). A
 * descriptor that would block (a non-blocking pipe whose reader is slow) hands the rest to the stream.
 */
export function processIo(): CliIo {
  streamed = false;
  return { out: descriptorWriter(1, () => process.stdout), err: descriptorWriter(2, () => process.stderr) };
}

let streamed = false;

/**
 * Whether everything `processIo()` was given is already written, so the process may exit at once (bin/dataroaster.js
 * then skips Node's teardown, a few ms): false once a stream took over, whose writes may still be queued.
 */
export function outputWritten(): boolean {
  return !streamed;
}

function descriptorWriter(fd: number, stream: () => NodeJS.WritableStream): CliIo['out'] {
  let fallback: NodeJS.WritableStream | undefined;
  return {
    write(text: string) {
      if (fallback) return fallback.write(text);
      const data = Buffer.from(text, 'utf8');
      let written = 0;
      try {
        while (written < data.length) written += writeSync(fd, data, written);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        fallback = stream();
        streamed = true;
        return fallback.write(data.subarray(written));
      }
      return true;
    },
  };
}
