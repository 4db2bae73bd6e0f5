#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci` / `npm run build`): no TypeScript compilation at run time.
process.exitCode = require('../lib/src/cli/main.js').main(process.argv.slice(2));
