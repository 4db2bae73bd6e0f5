import { parseArgs } from 'node:util';
import { synthesize } from '../engine/synthesize';
import { loadSpecs } from '../spec/load';
import { previousFileIn, writeOutput } from './output-dir';
import { readSpecFiles } from './spec-files';
import { UsageError } from './usage-error';

export const SYNTH_USAGE = `usage: dataroaster synth FILE_OR_DIR... --out DIR [--allow-plaintext-secrets] [--gitops flux|argocd]

Synthesizes the spec files (folders are read recursively) into Kubernetes YAML under DIR,
one folder per component instance, plus namespaces/.

  --out DIR                  where to write (folders of the given instances are replaced)
  --allow-plaintext-secrets  write Secrets unsealed (local experiments only; never commit them)
  --gitops flux|argocd       the GitOps agent Helm releases are written for, unless a spec names one (default flux)`;

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
