// Bundles the CLI (src/cli/main.ts and everything `synth` loads) into one file, lib/dataroaster-cli.js,
// so `node bin/dataroaster.js` reads and compiles one file instead of resolving hundreds of modules:
// most of the CLI's start-up time (issue 11; bench/cli-startup.mjs measures it). `npm run build` runs it.
import { builtinModules, createRequire } from 'node:module';

import { build } from 'esbuild';

const requireHere = createRequire(import.meta.url);

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

/**
 * Node built-ins the bundled libraries require at load but `synth` never calls: commander and cdk8s require
 * node:child_process (which loads net, stream, dgram…) for executable subcommands and helm charts. Each is
 * replaced by an object of getters that requires the real module on first use.
 */
const LAZY_BUILTINS = ['child_process'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(esbuild) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    esbuild.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin' ? undefined : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      if (!builtinModules.includes(args.path)) throw new Error(`${args.path} is not a Node built-in`);
      const keys = Object.keys(requireHere(`node:${args.path}`)).filter((key) => key !== 'default');
      return {
        contents: [
          `let loaded;`,
          `const real = () => (loaded ??= require('node:${args.path}'));`,
          `module.exports = Object.defineProperties({}, {`,
          ...keys.map((key) => `  ${JSON.stringify(key)}: { enumerable: true, get: () => real()[${JSON.stringify(key)}] },`),
          `});`,
        ].join('\n'),
        resolveDir: process.cwd(),
        loader: 'js',
      };
    });
    // cdk8s/lib/_child_process.js copies `spawnSync` off the module when loaded: copy a delegate instead.
    esbuild.onLoad({ filter: /[\\/]cdk8s[\\/]lib[\\/]_child_process\.js$/ }, () => ({
      contents: "exports._child_process = { spawnSync: (...args) => require('child_process').spawnSync(...args) };",
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

/**
 * zod's namespace re-exports every locale's messages (`z.locales`, ~260 KB, 15% of the bundle, read and
 * decoded on every start). The CLI uses the English messages only, which zod imports on its own; the
 * other locales are left out (`z.locales.en` stays).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
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
  // node-forge (~300 KB) only generates a sealing key pair, which the CLI never does (it takes the
  // controller's certificate): required from node_modules if it ever is.
  external: ['node-forge'],
  plugins: [k8sOnce, lazyBuiltins, zodEnglishOnly],
});
