import { REGISTRY } from '../components/registry';
import { parseArgs } from 'node:util';
import { synthesize } from '../engine/synthesize';
import { DEFAULT_GITOPS_AGENT, GITOPS_AGENTS, GitOpsAgent } from '../gitops/bootstrap/options';
import { loadSpecs } from '../schema/load';
import { previousFileIn, writeOutput } from './output-dir';
import { explainRefusal, SECRET_FLAG_OPTIONS, secretPolicyFromFlags } from './secret-flags';
import { readSpecFiles } from './spec-files';
import { UsageError } from './usage-error';

export { SYNTH_USAGE } from './synth-usage';

/** `dataroaster synth`: the command-line door onto the synthesis engine. Returns the files written. */
export function synthCommand(args: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { out: { type: 'string' }, gitops: { type: 'string' }, ...SECRET_FLAG_OPTIONS },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('no spec files given');
  if (!values.out) throw new UsageError('--out DIR is required');
  // The same setting as the server's, so the CLI and the API write Helm releases for the same agent.
  const gitops = values.gitops ?? env.DATAROASTER_GITOPS_AGENT ?? DEFAULT_GITOPS_AGENT;
  if (!GITOPS_AGENTS.includes(gitops as GitOpsAgent)) {
    throw new UsageError(`${values.gitops === undefined ? 'DATAROASTER_GITOPS_AGENT' : '--gitops'} must be flux or argocd (got "${gitops}")`);
  }

  const secrets = secretPolicyFromFlags(values, env);
  const specs = loadSpecs(REGISTRY, readSpecFiles(positionals));
  let files;
  try {
    ({ files } = synthesize(specs, { previous: previousFileIn(values.out), secrets, gitops: gitops as GitOpsAgent }));
  } catch (err) {
    throw explainRefusal(err);
  }
  writeOutput(values.out, files);
  return Object.keys(files);
}
