import { SYNTH_USAGE } from './synth-usage';
import { UsageError } from './usage-error';

const USAGE = `usage: dataroaster <command> [options]

commands:
  synth FILE_OR_DIR... --out DIR   synthesize spec files into Kubernetes YAML
  help                             show this help

${SYNTH_USAGE}`;

/** Runs the `dataroaster` command; returns the process exit code. Errors are one line on stderr. */
export function main(argv: readonly string[], io = { out: process.stdout, err: process.stderr }): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'synth': {
        // Loaded on demand: the engine, schemas and cdk8s are most of the start-up time, and only synth needs them.
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose
        const { synthCommand } = require('./synth-command') as typeof import('./synth-command');
        const written = synthCommand(args);
        io.out.write(`wrote ${written.length} files\n`);
        return 0;
      }
      case 'help':
      case '--help':
      case '-h':
        io.out.write(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
    }
  } catch (err) {
    const message = (err as Error).message.replace(/\s*\n\s*/g, ' ');
    const usage = err instanceof UsageError;
    io.err.write(`dataroaster: ${message}${usage ? ' (run "dataroaster help" for usage)' : ''}\n`);
    return usage ? 2 : 1;
  }
}
