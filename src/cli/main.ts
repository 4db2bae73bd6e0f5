import { Command, CommanderError, Option } from 'commander';

import { version } from '../../package.json';
import { SEALED_SECRETS_CERT_ENV, SEALED_SECRETS_HASH_KEY_ENV } from '../secrets/sealing-env';
import { CliIo, processIo } from './io';
import type { SynthOptions } from './synth-action';

export type { CliIo } from './io';
export { outputWritten } from './io';

/** Exit codes: 0 done, 1 failed (or `--check` found differences), 2 the command line itself is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs the `dataroaster` command; returns the process exit code. Errors are one line on stderr.
 * The parser is commander; the synthesis code is loaded only when `synth` runs, so help and version
 * answer without loading the engine.
 */
export function main(argv: readonly string[], io: CliIo = processIo(), env: NodeJS.ProcessEnv = process.env): number {
  let exitCode: number = EXIT.ok;
  const program = new Command('dataroaster')
    .description('DataRoaster: synthesize component specs into the GitOps repository layout the API server commits.')
    .version(version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out.write(text),
      writeErr: (text) => io.err.write(text),
      outputError: (text, write) =>
        write(
          `dataroaster: ${text
            .replace(/^error: /, '')
            .replace(/\s*\n\s*/g, ' ')
            .trim()} (run "dataroaster help" for usage)\n`,
        ),
    });

  program
    .command('synth')
    .summary('write the GitOps repository layout for spec files')
    .description(
      [
        'Synthesizes the spec files (folders are read recursively) into DIR in the layout the API server commits to its GitOps repository: components/<component>/<name>/ (manifests, kustomization.yaml and the stored spec), namespaces/ and, with --repo-url, the bootstrap of the GitOps agent (bootstrap/flux or bootstrap/argocd) and README.md.',
        "Instances already in DIR count as the rest of the platform: only the given instances' folders and the platform-wide files change (and, with --prune, instances whose spec was not given are removed).",
        'Secrets are written as SealedSecrets; without a certificate, a spec that needs a Secret is refused.',
      ].join('\n\n'),
    )
    .argument('<spec...>', 'spec files or folders of them')
    .requiredOption('-o, --out <dir>', 'folder to write: a checkout of the GitOps repository, or a new folder')
    .addOption(
      new Option('--repo-url <url>', 'repository URL as the cluster’s Argo CD / Flux reaches it; writes the bootstrap and README.md').env(
        'DATAROASTER_GITOPS_REPO_URL',
      ),
    )
    .addOption(new Option('--branch <name>', 'branch the GitOps agent follows').env('DATAROASTER_GIT_BRANCH').default('main'))
    .addOption(new Option('--flux-secret <name>', 'Secret with the repository credentials for Flux’s GitRepository').env('DATAROASTER_FLUX_SECRET'))
    .addOption(
      new Option(
        '--gitops <agent>',
        'the cluster’s GitOps agent: its bootstrap is written, and Helm releases are its objects unless a spec names one',
      )
        .choices(['flux', 'argocd'])
        .env('DATAROASTER_GITOPS_AGENT')
        .default('flux'),
    )
    .option('--prune', 'also remove instances in DIR whose spec was not given (for a run over the whole platform)', false)
    .option('--check', 'write nothing; exit 1 and print a diff when DIR is not what the specs give (for CI)', false)
    .option('--diff', 'write nothing; print a diff of what would change', false)
    .option('--seal-cert <file>', `seal Secrets with this controller certificate (kubeseal --fetch-cert; default $${SEALED_SECRETS_CERT_ENV})`)
    .option(
      '--seal-hash-key <file>',
      `key of the hashes that keep unchanged ciphertexts (default $${SEALED_SECRETS_HASH_KEY_ENV}, else $DATAROASTER_DATA_DIR/sealed-secrets/hash.key, created once)`,
    )
    .addOption(new Option('--seal-scope <scope>', 'SealedSecret scope').choices(['strict', 'namespace-wide', 'cluster-wide']).default('strict'))
    .addOption(new Option('--allow-plaintext-secrets', 'write Secrets unsealed (local experiments only; never commit them)').conflicts(['sealCert']))
    .addHelpText(
      'after',
      `
Examples:
  dataroaster synth platform/ --out ../gitops --repo-url https://git.example.com/platform/gitops.git --prune
  dataroaster synth platform/ --out ../gitops --repo-url https://git.example.com/platform/gitops.git --prune --check
  dataroaster synth platform/minio.yaml --out ../gitops --diff`,
    )
    .action((paths: string[], options: SynthOptions) => {
      // Loaded on demand: the engine, schemas and cdk8s are most of the start-up time, and only synth needs them.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose
      const { synthAction } = require('./synth-action') as typeof import('./synth-action');
      exitCode = synthAction(paths, options, io, env);
    });

  try {
    if (argv.length === 0) {
      io.err.write(program.helpInformation());
      return EXIT.usage;
    }
    program.parse([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    io.err.write(`dataroaster: ${(err as Error).message.replace(/\s*\n\s*/g, ' ')}\n`);
    return EXIT.failed;
  }
}
