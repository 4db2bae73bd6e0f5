import { previousFileIn, writeOutput } from './cli/output-dir';
import { readSpecFiles } from './cli/spec-files';
import { synthesize } from './engine/synthesize';
import { loadSpecs } from './spec/load';

/**
 * The cdk8s app (`cdk8s synth` runs it through cdk8s.yaml): synthesizes the example platform in
 * `platform/` into `CDK8S_OUTDIR` (dist/) with the same engine as the CLI and the API server.
 */
function main(): void {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  const specs = loadSpecs(readSpecFiles(['platform']));
  const { files } = synthesize(specs, { previous: previousFileIn(outdir), secrets: { mode: 'refuse' } });
  writeOutput(outdir, files);
}

main();
