// Bundles the CLI (src/cli/main.ts and everything `synth` loads) into one file, lib/dataroaster-cli.js,
// so `node bin/dataroaster.js` reads and compiles one file instead of resolving hundreds of modules:
// most of the CLI's start-up time (issue 11; bench/cli-startup.mjs measures it). `npm run build` runs it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { build } from 'esbuild';
import ts from 'typescript';

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
 * cdk8s's index loads every part of cdk8s (Helm charts, testing, includes, durations…); the CLI uses App,
 * Chart and ApiObject (its types aside). `cdk8s` resolves to those three modules, required in the index's
 * order; and cdk8s's YAML library (the `yaml` package, for App.synth and Include, which synthesis never
 * calls: the engine renders with js-yaml) is left out of the bundle and required on first use.
 */
const CDK8S_USED = ['api-object', 'chart', 'app'];
const cdk8sSlim = {
  name: 'cdk8s-slim',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^cdk8s$/ }, () => ({ path: 'cdk8s', namespace: 'cdk8s-slim' }));
    esbuild.onResolve({ filter: /^cdk8s\/node_modules\/yaml$/ }, (args) => ({ path: args.path, external: true }));
    esbuild.onLoad({ filter: /.*/, namespace: 'cdk8s-slim' }, () => ({
      contents: CDK8S_USED.map((part) => `module.exports = Object.assign(module.exports, require('cdk8s/lib/${part}'));`).join('\n'),
      resolveDir: process.cwd(),
      loader: 'js',
    }));
    const eager = 'const YAML = __importStar(require("yaml"));';
    esbuild.onLoad({ filter: /[\\/]cdk8s[\\/]lib[\\/]yaml\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(eager)) throw new Error(`${args.path}: its require of the yaml package changed; update bundle-cli.mjs`);
      // Not even bundled (~120 KB read on every start): cdk8s's own copy is required from node_modules if ever used.
      const lazy =
        'let loadedYAML; const YAML = new Proxy({}, { get: (_, key) => (loadedYAML ??= __importStar(require("cdk8s/node_modules/yaml")))[key] });';
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
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

/**
 * The Kubernetes L1 module (cdk8s-plus-27/lib/imports/k8s.js, 2.5 MB of CommonJS) defines ~600 classes and
 * ~1500 functions at load; DataRoaster uses ~20 classes and what their toJson calls. esbuild cannot drop
 * unused parts of CommonJS, so this does: the names `src/` uses through its `k8s` namespace imports are
 * the roots, every top-level declaration they reach (by name, transitively, over-approximated) is kept with
 * the statements that belong to it (`exports.X = X`, `X.GVK = …`, `X[_a] = …`), and the rest is left out.
 * A name `src/` uses that the module lacks fails the build.
 *
 * Also: its toJson functions drop undefined values with `reduce((r, i) => … ({ ...r, [i[0]]: i[1] }), {})`,
 * a copy of the object per key; the same result is built in place (a `__proto__` key still becomes an
 * own property, as in the spread).
 */
const K8S_MODULE = 'cdk8s-plus-27/lib/imports/k8s';
const K8S_SPREAD_FILTER = '.reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {})';
const K8S_IN_PLACE_FILTER = [
  'function __k8sDefined(r, i) {',
  '    if (i[1] === undefined) return r;',
  "    if (i[0] === '__proto__') Object.defineProperty(r, i[0], { value: i[1], writable: true, enumerable: true, configurable: true });",
  '    else r[i[0]] = i[1];',
  '    return r;',
  '}',
].join('\n');

/** The k8s names `src/` uses at run time or in types (types only add roots that match nothing). */
function k8sNamesUsed(root) {
  const names = new Set();
  for (const file of readdirSync(root, { recursive: true })) {
    if (!/\.ts$/.test(file)) continue;
    const text = readFileSync(join(root, file), 'utf8');
    if (!text.includes(K8S_MODULE)) continue;
    const namespace = new RegExp(`^import (?:type )?\\* as (\\w+) from '${K8S_MODULE}';$`, 'm').exec(text);
    if (!namespace || text.split(K8S_MODULE).length !== 2)
      throw new Error(`${file}: import ${K8S_MODULE} as one namespace (import * as k8s) for bundle-cli`);
    for (const [, name] of text.matchAll(new RegExp(`\\b${namespace[1]}\\.(\\w+)`, 'g'))) names.add(name);
  }
  return names;
}

/** k8s.js with only the declarations reachable from `roots`. */
function shakeK8s(text, roots) {
  const source = ts.createSourceFile('k8s.js', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const assigned = (e) => ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  const ownerOf = (statement) => {
    if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name) return statement.name.text;
    if (ts.isVariableStatement(statement)) {
      const [only, ...more] = statement.declarationList.declarations;
      return more.length === 0 && ts.isIdentifier(only.name) && !only.initializer ? only.name.text : undefined; // `var Enum;`
    }
    if (!ts.isExpressionStatement(statement)) return undefined;
    const e = statement.expression;
    if (assigned(e) && (ts.isPropertyAccessExpression(e.left) || ts.isElementAccessExpression(e.left)) && ts.isIdentifier(e.left.expression)) {
      const target = e.left.expression.text; // exports.X = X; X.GVK = …; X[_a] = …
      if (target !== 'exports') return target;
      return ts.isIdentifier(e.right) ? e.right.text : undefined;
    }
    if (assigned(e) && ts.isIdentifier(e.left) && /^_\w+$/.test(e.left.text)) return 'next'; // `_a = JSII_RTTI_SYMBOL_1;` before `X[_a] = …`
    if (ts.isCallExpression(e) && e.arguments.length === 1 && assigned(e.arguments[0]) && ts.isIdentifier(e.arguments[0].left))
      return e.arguments[0].left.text; // enum IIFE
    return undefined;
  };
  const statements = source.statements.map((statement) => ({ owner: ownerOf(statement), text: text.slice(statement.getFullStart(), statement.end) }));
  statements.forEach((statement, i) => {
    if (statement.owner === 'next') statement.owner = statements.slice(i + 1).find((s) => s.owner !== 'next')?.owner;
  });
  const byOwner = new Map();
  for (const statement of statements)
    if (statement.owner !== undefined) byOwner.set(statement.owner, `${byOwner.get(statement.owner) ?? ''}\n${statement.text}`);
  const missing = [...roots].filter((name) => /^[A-Z]/.test(name) && !byOwner.has(name) && !isTypeOnly(name));
  if (missing.length > 0) throw new Error(`${K8S_MODULE} has no ${missing.join(', ')}`);
  const kept = new Set();
  const keep = (body) => {
    for (const [word] of body.matchAll(/[A-Za-z_$][\w$]*/g)) {
      if (kept.has(word) || !byOwner.has(word)) continue;
      kept.add(word);
      keep(byOwner.get(word));
    }
  };
  keep([...roots].join(' '));
  for (const statement of statements) if (statement.owner === undefined && !/^\s*exports\.\w+ = exports\./.test(statement.text)) keep(statement.text);
  const out = statements.filter((s) => (s.owner === undefined ? !/^\s*exports\.\w+ = exports\./.test(s.text) : kept.has(s.owner))).map((s) => s.text);
  return `${out.join('')}\n${K8S_IN_PLACE_FILTER}\n`.split(K8S_SPREAD_FILTER).join('.reduce(__k8sDefined, {})');

  /** Interfaces (no run-time value): `src/` names them in types only. */
  function isTypeOnly(name) {
    return !new RegExp(`^(class|function|var) ${name}\\b`, 'm').test(text);
  }
}

const k8sShaken = {
  name: 'k8s-shaken',
  setup(esbuild) {
    const roots = k8sNamesUsed('src');
    esbuild.onLoad({ filter: /[\\/]cdk8s-plus-27[\\/]lib[\\/]imports[\\/]k8s\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(K8S_SPREAD_FILTER)) throw new Error(`${K8S_MODULE}: the undefined-filter pattern changed; update bundle-cli.mjs`);
      return { contents: shakeK8s(text, roots), loader: 'js' };
    });
    // The CRD classes `cdk8s import` generated (imports/*.ts: Argo CD, Flux, SealedSecret, Spark operator) filter the same way.
    esbuild.onLoad({ filter: /[\\/]imports[\\/][^\\/]+\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(K8S_SPREAD_FILTER)) return undefined;
      return {
        contents: `${text.split(K8S_SPREAD_FILTER).join('.reduce(__k8sDefined, {})')}\n// @ts-nocheck\n${K8S_IN_PLACE_FILTER}\n`,
        loader: 'ts',
      };
    });
  },
};

const MODULE_WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'];
if (createRequire(import.meta.url)('node:module').wrap('') !== MODULE_WRAPPER.join(''))
  throw new Error("Node's module wrapper changed: update bundle-cli.mjs");

/**
 * keepNames names every function and class at definition (`__name(fn, "name")`: a property defined on
 * each of ~2500 functions, ~6 ms and 1 MB of heap per run). Classes keep it: error names
 * (`new.target.name`), `constructor.name` and the types in stack traces depend on it. Plain functions
 * keep their minified names (no code reads them).
 */
function namesForClassesOnly(text) {
  const helper = /var (\w+)=\((\w+),(\w+)\)=>(\w+)\(\2,"name",\{value:\3,configurable:!0\}\)/.exec(text);
  if (!helper) throw new Error("esbuild's keepNames helper changed: update bundle-cli.mjs");
  const [definition, name, , , defineProperty] = helper;
  const classNamer = '__className';
  if (text.includes(classNamer)) throw new Error(`${classNamer} is taken in the bundle`);
  const classes = `static{${name}(this,"`;
  if (!text.includes(classes)) throw new Error('no class is named by keepNames: update bundle-cli.mjs');
  return text
    .replace(definition, `var ${name}=(e,t)=>e,${classNamer}=(e,t)=>${defineProperty}(e,"name",{value:t,configurable:!0})`)
    .split(classes)
    .join(`static{${classNamer}(this,"`);
}

const { outputFiles } = await build({
  write: false,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'lib/dataroaster-cli.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  // Non-ASCII characters escaped: bin/dataroaster.js reads the bundle as latin1 (no UTF-8 decoding).
  charset: 'ascii',
  // Class names stay what they are in the source (error names, stack traces); see namesForClassesOnly.
  keepNames: true,
  legalComments: 'linked',
  // The file is the CommonJS module wrapper itself, exactly as Node's Module.wrap() would make it, so that
  // bin/dataroaster.js compiles it as it is: wrapping a 1 MB string at run time makes V8 copy it whole.
  // Not a module to require(): bin/dataroaster.js runs it.
  banner: { js: MODULE_WRAPPER[0] },
  footer: { js: MODULE_WRAPPER[1] },
  logLevel: 'warning',
  // node-forge (~300 KB) only generates a sealing key pair, which the CLI never does (it takes the
  // controller's certificate): required from node_modules if it ever is.
  external: ['node-forge'],
  plugins: [k8sOnce, k8sShaken, cdk8sSlim, lazyBuiltins, zodEnglishOnly],
});
for (const file of outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.path.endsWith('.js') ? namesForClassesOnly(file.text) : file.contents);
}
