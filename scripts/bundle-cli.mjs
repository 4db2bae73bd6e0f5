// Bundles the CLI (src/cli/main.ts and everything `synth` loads) into one file, lib/dataroaster-cli.js,
// so `node bin/dataroaster.js` reads and compiles one file instead of resolving hundreds of modules:
// most of the CLI's start-up time (issue 11; bench/cli-startup.mjs measures it). `npm run build` runs it.
import { build } from 'esbuild';

/**
 * The Kubernetes L1 classes (cdk8s-plus-27/lib/imports/k8s, CommonJS with ~1500 exports) are imported by
 * 42 modules. esbuild gives every ESM importer of a CommonJS module its own namespace copy (`__toESM`,
 * one getter per export): 42 copies at start-up. Routed through one ESM module that re-exports it, the
 * copy is made once.
 */
const k8sOnce = {
  name: 'k8s-once',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^cdk8s-plus-27\/lib\/imports\/k8s$/ }, (args) =>
      args.namespace === 'k8s-once' ? undefined : { path: 'k8s', namespace: 'k8s-once' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'k8s-once' }, () => ({
      contents: "export * from 'cdk8s-plus-27/lib/imports/k8s';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

await build({
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
  plugins: [k8sOnce],
});
