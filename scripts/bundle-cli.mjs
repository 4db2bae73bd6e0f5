// Bundles the CLI (src/cli/main.ts and everything `synth` loads) into one file, lib/dataroaster-cli.js,
// so `node bin/dataroaster.js` reads and compiles one file instead of resolving hundreds of modules:
// most of the CLI's start-up time (issue 11; bench/cli-startup.mjs measures it). `npm run build` runs it.
import { buildSync } from 'esbuild';

buildSync({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'lib/dataroaster-cli.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  // Class and function names stay readable in stack traces and error names.
  keepNames: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
