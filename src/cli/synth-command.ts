import { parseArgs } from 'node:util';
import { synthesize } from '../engine/synthesize';
import { loadSpecs } from '../spec/load';
import { previousFileIn, writeOutput } from './output-dir';
import { readSpecFiles } from './spec-files';
import { UsageError } from './usage-error';

export { SYNTH_USAGE } from './synth-usage';

/** `dataroaster synth`: the command-line door onto the synthesis engine. Returns the files written. */
export function synthCommand(args: readonly string[]): string[] {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        'allow-plaintext-secrets': { type: 'boolean', default: false },
        gitops: { type: 'string', default: 'flux' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('no spec files given');
  if (!values.out) throw new UsageError('--out DIR is required');
  const gitops = values.gitops;
  if (gitops !== 'flux' && gitops !== 'argocd') throw new UsageError(`--gitops must be flux or argocd (got "${gitops}")`);

  const specs = loadSpecs(readSpecFiles(positionals));
  const { files } = synthesize(specs, {
    previous: previousFileIn(values.out),
    secrets: values['allow-plaintext-secrets'] ? { mode: 'plaintext' } : { mode: 'refuse' },
    gitops,
  });
  writeOutput(values.out, files);
  return Object.keys(files);
}
