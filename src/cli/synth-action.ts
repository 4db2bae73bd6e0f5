/* eslint-disable @typescript-eslint/no-require-imports -- lazy loads, on purpose (CLI start-up, issue 11) */
import { config } from 'zod';

import { reservedNamespacesFromEnv } from '../core/reserved-namespaces';
import type { FileChange } from '../delivery/types';
import type { BootstrapOptions, GitOpsAgent } from '../gitops/bootstrap/options';
import type { CliIo } from './io';
import { explainRefusal, SecretFlags, secretPolicyFromFlags } from './secret-flags';
import { SynthResult, synthToFolder } from './synth-command';

// A CLI run validates a few documents once: zod's JIT (a parser generated with `new Function` per object
// schema on its first use, which no code cache keeps) costs more than it saves — about half of the
// validation time of a Trino cluster. Same results; the API server keeps the JIT.
config({ jitless: true });

/** The options of `dataroaster synth`, as commander parses them. */
export interface SynthOptions extends SecretFlags {
  readonly out: string;
  readonly repoUrl?: string;
  readonly branch: string;
  readonly fluxSecret?: string;
  readonly gitops: GitOpsAgent;
  readonly prune: boolean;
  readonly check: boolean;
  readonly diff: boolean;
}

/** Runs `synth` and reports on `io`; returns the exit code. Failures are thrown as one-line errors. */
export function synthAction(paths: readonly string[], options: SynthOptions, io: CliIo, env: NodeJS.ProcessEnv): number {
  const dryRun = options.check || options.diff;
  let result: SynthResult;
  try {
    result = synthToFolder({
      paths,
      out: options.out,
      secrets: secretPolicyFromFlags(options, env),
      gitops: options.gitops,
      bootstrap: options.repoUrl ? bootstrapOptions(options, env) : undefined,
      prune: options.prune,
      dryRun,
      reservedNamespaces: reservedNamespacesFromEnv(env),
    });
  } catch (err) {
    throw explainRefusal(err);
  }
  if (dryRun) io.out.write(unifiedDiff(result));
  const counts = countChanges(result.changes);
  for (const key of result.pruned) io.out.write(`pruned ${key}\n`);
  if (options.check && result.changes.length > 0) {
    io.err.write(`dataroaster: ${options.out} is not what the specs give (${counts}): run the same command without --check to write it\n`);
    return 1;
  }
  const summary = dryRun ? `would change ${counts}` : counts;
  io.out.write(result.changes.length === 0 ? `${options.out}: up to date (${result.after.size} files)\n` : `${options.out}: ${summary}\n`);
  if (!options.repoUrl)
    io.out.write('bootstrap/ and README.md not written: pass --repo-url URL (and --branch) to write the Argo CD and Flux bootstrap\n');
  return 0;
}

/**
 * The bootstrap the server would write: its environment (deliveryConfigFromEnv, the same variables),
 * with the flags taking precedence.
 */
function bootstrapOptions(options: SynthOptions, env: NodeJS.ProcessEnv): BootstrapOptions {
  // Loaded only with --repo-url: the server's configuration schema is not needed otherwise.
  const { deliveryConfigFromEnv } = require('../delivery/config') as typeof import('../delivery/config');
  const server = deliveryConfigFromEnv(env);
  return {
    repoUrl: options.repoUrl!,
    branch: options.branch,
    agent: options.gitops,
    fluxSecretName: options.fluxSecret,
    reservedNamespaces: server.reservedNamespaces,
  };
}

function countChanges(changes: readonly FileChange[]): string {
  const count = (status: FileChange['status']) => changes.filter((c) => c.status === status).length;
  return `${count('added')} added, ${count('modified')} modified, ${count('deleted')} deleted`;
}

/** A `git diff`-style patch of every changed file, so a reviewer or CI log shows exactly what differs. */
export function unifiedDiff(result: Pick<SynthResult, 'changes' | 'before' | 'after'>): string {
  const { createTwoFilesPatch } = require('diff') as typeof import('diff'); // only --check and --diff print one
  return result.changes
    .map((change) => {
      const before = result.before.get(change.path);
      const after = result.after.get(change.path);
      return createTwoFilesPatch(
        before === undefined ? '/dev/null' : `a/${change.path}`,
        after === undefined ? '/dev/null' : `b/${change.path}`,
        before ?? '',
        after ?? '',
        undefined,
        undefined,
        { context: 3 },
      ).replace(/^=+\n/, '');
    })
    .join('');
}
