// The real API server as the benchmarks start it: `node lib/api-server/main.js` (run `npm run build` first)
// with the V8 flags the image, `npm start` and the DataRoasterServer construct give it, on a free port, with
// the example sealing certificate and hash key.
const { spawn } = require('node:child_process');
const { appendFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
/** The flags of the 512Mi container; BENCH_NODE_ARGS replaces them (`BENCH_NODE_ARGS=` for Node's defaults, or "--cpu-prof"). */
const DEPLOYED_NODE_ARGS = '--max-old-space-size=256 --max-semi-space-size=2';
const REPO_URL = 'https://git.example.com/platform/gitops.git';
const ADMIN_PASSWORD = 'bench-admin-password';

/**
 * Starts the server on `dataDir` and resolves once it says where it listens — on stderr, after the GitOps
 * repository is loaded (index built) — with the time that took. `env` adds or overrides variables;
 * `echo` copies the server's stderr to ours; BENCH_SERVER_LOG=<file> appends it to a file.
 */
function startServer(dataDir, { env = {}, echo = false } = {}) {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? DEPLOYED_NODE_ARGS).split(' ').filter(Boolean);
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'lib', 'api-server', 'main.js')], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      DATAROASTER_DATA_DIR: dataDir,
      DATAROASTER_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DATAROASTER_LOG_LEVEL: 'warn',
      DATAROASTER_SEALED_SECRETS_CERT: join(ROOT, 'platform', 'sealed-secrets.crt'),
      DATAROASTER_SEALED_SECRETS_HASH_KEY: join(ROOT, 'platform', 'sealed-secrets-hash.EXAMPLE-ONLY.txt'),
      DATAROASTER_GITOPS_REPO_URL: REPO_URL,
      MALLOC_MMAP_THRESHOLD_: '131072', // as the image and `npm start` (src/components/dataroaster-server/env.ts)
      ...env,
    },
    // stdout carries only JSON log lines (warn and above here); where it listens is printed on stderr
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk) => {
      if (echo) process.stderr.write(chunk);
      if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, chunk);
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1], startupMs: Number(process.hrtime.bigint() - started) / 1e6, nodeArgsUsed: nodeArgs.join(' ') });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

module.exports = { ADMIN_PASSWORD, REPO_URL, startServer };
