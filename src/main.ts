import { readFileSync } from 'node:fs';

import { previousFileInGit } from './cli/git-previous';
import { synthToFolder } from './cli/synth-command';
import { enginePath } from './gitops/layout';
import type { Sealer } from './secrets/policy';
import { createSealedSecretsSealer } from './secrets/sealed-secrets/sealer';
import { readHashKeyFile } from './secrets/sealing-keys';
/**
 * Sealing of the example platform. The certificate is public (its private key was thrown away); the
 * hash key is committed because the example's plaintext is public in platform/ anyway — a real
 * platform keeps its hash key out of Git.
 */
const EXAMPLE_SEALING = {
  certificateFile: 'platform/sealed-secrets.crt',
  hashKeyFile: 'platform/sealed-secrets-hash.EXAMPLE-ONLY.txt',
};

/**
 * Where the example GitOps repository would live; it is written into dist/bootstrap and dist/README.md
 * as a real repository URL would be. Replace it with yours (`dataroaster synth --repo-url`).
 */
const EXAMPLE_BOOTSTRAP = { repoUrl: 'https://git.example.com/platform/dataroaster-gitops.git', branch: 'main' };

/**
 * The cdk8s app (`cdk8s synth` runs it through cdk8s.yaml): synthesizes the example platform in
 * `platform/` into `CDK8S_OUTDIR` (dist/) in the GitOps repository layout, with the same code as
 * `dataroaster synth --repo-url` and the API server. Secrets
 * are sealed; `cdk8s synth` has deleted dist/ by now, so unchanged ciphertexts are taken from the
 * dist/ committed at HEAD — a fresh clone reproduces the committed dist/ byte for byte.
 */
function main(): void {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  // The keys are read when the first Secret is sealed: a platform without Secrets needs none.
  let sealer: Sealer | undefined;
  const exampleSealer: Sealer = {
    seal: (...args) => {
      sealer ??= createSealedSecretsSealer({
        certificatePem: readFileSync(EXAMPLE_SEALING.certificateFile, 'utf8'),
        hashKey: readHashKeyFile(EXAMPLE_SEALING.hashKeyFile),
      });
      return sealer.seal(...args);
    },
  };
  // dist/ is the GitOps repository layout, written by the CLI's own code. Until dist/ at HEAD has that
  // layout, a ciphertext is also looked for at its engine path (the layout before components/).
  const committed = previousFileInGit(outdir);
  synthToFolder({
    paths: ['platform'],
    out: outdir,
    secrets: { mode: 'seal', sealer: exampleSealer },
    bootstrap: EXAMPLE_BOOTSTRAP,
    previous: (path) => committed(path) ?? committed(enginePath(path)),
  });
}

main();
