#!/usr/bin/env node
// Runs the CLI as `npm ci` / `npm run build` built it: the esbuild bundle lib/dataroaster-cli.js (one file
// to read and compile), else the tsc output lib/src/cli/main.js when that is newer (after a plain `tsc`).
//
// The bundle is compiled with a V8 code cache of our own (Node 20 has no module.enableCompileCache, and
// Node's cache is made before the code runs): after a run, the code V8 compiled for it — the functions
// `synth` ran, not only the top level — is written after a successful run to ~/.cache/dataroaster (or
// $XDG_CACHE_HOME/dataroaster), one file per command, Node version and bundle; the next run deserializes it instead of parsing and
// compiling 1.6 MB of JavaScript. V8 checks the cache against the source and its own version and flags,
// and rejects one that does not fit (it is then rewritten). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
const { closeSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');

// A CLI run is short: functions rarely get hot enough to pay back TurboFan, whose background jobs compete for
// the CPU and which the process waits for at exit. A 16× larger interrupt budget (V8's default is 66 KB of
// bytecode executed) leaves a one-spec run interpreted and baseline-compiled, ~10 ms faster (bench/cli-startup.mjs),
// while a run over hundreds of specs still optimizes its hot loops. Set before any of the CLI is compiled, so
// the code cache below is made and used under the same flags. Only V8 11 (Node 20) has the flag: later V8s
// tier up by invocation counts, and an unknown flag makes V8 print an error on stderr.
// node:v8 is required only there: it loads Node's stream modules (≈ 4 ms) for nothing on later versions.
if (Number.parseInt(process.versions.v8, 10) <= 11) require('node:v8').setFlagsFromString('--interrupt-budget=1048576');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');

const lib = join(__dirname, '..', 'lib');
const bundle = join(lib, 'dataroaster-cli.js');
const compiled = join(lib, 'src', 'cli', 'main.js');
const argv = process.argv.slice(2);
const bundleStat = statSync(bundle, { throwIfNoEntry: false });
const compiledStat = statSync(compiled, { throwIfNoEntry: false });

let cli;
if (!bundleStat || (compiledStat && compiledStat.mtimeMs > bundleStat.mtimeMs)) {
  cli = require(compiled);
  process.exitCode = cli.main(argv);
} else {
  const cached = cachedBundle(bundle, bundleStat, argv[0]);
  cli = cached.exports;
  process.exitCode = cli.main(argv);
  if (process.exitCode === 0) cached.save(); // a failed run leaves nothing behind
}
// The CLI is synchronous: with its output written, nothing is left to wait for, and exiting here skips Node's
// teardown (waiting for V8's background tasks, cleanup hooks), ~7 ms.
if (cli.outputWritten?.()) process.exit();

/** Requires `file` (a CommonJS bundle) through vm.Script with a code cache; `save()` writes the cache when it had none. */
function cachedBundle(file, stat, command) {
  const Module = module.constructor; // the CommonJS loader's Module, without loading the public node:module
  const vm = require('node:vm');
  const off = process.env.NODE_DISABLE_COMPILE_CACHE === '1';
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dataroaster');
  const key = `${stat.size}-${Math.floor(stat.mtimeMs)}`;
  const cacheFile = join(dir, `cli-${/^[a-z]+$/.test(command ?? '') ? command : 'other'}-${process.version}-${process.arch}-${key}.v8cache`);
  // One buffer for both files: the bundle is read into it and copied into a string, then the code cache is
  // read over it. Each page of fresh memory costs a page fault (on the benchmark machine ~14 µs), and a second
  // buffer would touch another megabyte.
  // The bundle is ASCII (esbuild's charset: 'ascii' escapes everything else), so latin1 gives the same string
  // without UTF-8 decoding; and it is already wrapped as Module.wrap() would (scripts/bundle-cli.mjs), so
  // the 1 MB source is not copied into a wrapped string.
  const cacheSize = off ? undefined : statSync(cacheFile, { throwIfNoEntry: false })?.size;
  const buffer = Buffer.allocUnsafeSlow(Math.max(stat.size, cacheSize ?? 0));
  const source = buffer.toString('latin1', 0, readInto(buffer, file, stat.size));
  let cachedData;
  if (cacheSize !== undefined) {
    try {
      cachedData = buffer.subarray(0, readInto(buffer, cacheFile, cacheSize));
    } catch {
      // removed meanwhile: compile without it
    }
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  const module_ = new Module(file, module);
  module_.filename = file;
  module_.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext().call(module_.exports, module_.exports, Module.createRequire(file), module_, file, dirname(file));
  module_.loaded = true;
  return {
    exports: module_.exports,
    save() {
      if (off || (cachedData && !script.cachedDataRejected)) return;
      try {
        mkdirSync(dir, { recursive: true });
        // caches of older bundles go: one bundle's worth of files at a time
        for (const name of readdirSync(dir)) if (name.startsWith('cli-') && !name.includes(`-${key}.`)) rmSync(join(dir, name), { force: true });
        const temporary = `${cacheFile}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // a read-only home: run without a cache
      }
    },
  };
}

/** Reads up to `size` bytes of `file` into the start of `buffer`; returns how many it read. */
function readInto(buffer, file, size) {
  const fd = openSync(file, 'r');
  try {
    let read = 0;
    for (let n; read < size && (n = readSync(fd, buffer, read, size - read, read)) > 0;) read += n;
    return read;
  } finally {
    closeSync(fd);
  }
}
