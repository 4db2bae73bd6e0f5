#!/usr/bin/env node
// Runs the CLI as `npm ci` / `npm run build` built it: the esbuild bundle lib/dataroaster-cli.js (one file
// to read and compile), else the tsc output lib/src/cli/main.js when that is newer (after a plain `tsc`).
const { statSync } = require('node:fs');
const { join } = require('node:path');
// Node ≥ 22.1: V8 keeps the compiled code between runs (in the OS temp folder), so a second run skips compiling.
require('node:module').enableCompileCache?.();

const lib = join(__dirname, '..', 'lib');
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundle = join(lib, 'dataroaster-cli.js');
const compiled = join(lib, 'src', 'cli', 'main.js');
process.exitCode = require(mtime(bundle) >= mtime(compiled) ? bundle : compiled).main(process.argv.slice(2));
