import { readFileSync } from 'node:fs';
import { REGISTRY } from './components/registry';
import { previousFileInGit } from './cli/git-previous';
import { writeOutput } from './cli/output-dir';
import { readSpecFiles } from './cli/spec-files';
import { synthesize } from './engine/synthesize';
import type { Sealer } from './secrets/policy';
import { createSealedSecretsSealer } from './secrets/sealed-secrets/sealer';
import { readHashKeyFile } from './secrets/sealing-keys';
import { loadSpecs } from './schema/load';

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
 * The cdk8s app (`cdk8s synth` runs it through cdk8s.yaml): synthesizes the example platform in
 * `platform/` into `CDK8S_OUTDIR` (dist/) with the same engine as the CLI and the API server. Secrets
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
  const specs = loadSpecs(REGISTRY, readSpecFiles(['platform']));
  const { files } = synthesize(specs, { previous: previousFileInGit(outdir), secrets: { mode: 'seal', sealer: exampleSealer } });
  writeOutput(outdir, files);
}

main();
