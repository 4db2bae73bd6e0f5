// API server benchmark (compiled lib/; run `npm run build` first):
//   node bench/api.js [--rounds 200] [--clients 32] [--per-client 8] [--total 1000] [--new-instances]
// Starts `node lib/api-server/main.js` on a free port with a fresh data directory (embedded bare
// repository, the example sealing certificate), logs in once, then over HTTP with the seed TrinoCluster:
// 1. create → acknowledged (pushed) latency of `trino/create` at 1 client, every request a different
//    spec (the autoscaler's maxReplicas alternates), so each one commits;
// 2. 32 concurrent clients, each updating its own instance `--per-client` times: every answer must be
//    `committed`, and the remote must hold exactly one commit per answer (zero lost writes); throughput
//    next to a plain `git add && git commit` loop of as many commits in the same run;
// 3. the server's RSS (and peak) after `--total` creates in all: the rest update the instances of 2.
//    in turn, or with --new-instances each adds an instance (the repository grows to ~600 instances).
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { gitEnv } = require('../lib/src/delivery/git');
const { ADMIN_PASSWORD, startServer } = require('./server');

const ROOT = join(__dirname, '..');
/** What `nodeOptions()` of src/components/dataroaster-server/env.ts gives for the default 512Mi limit. */
const SEED = readFileSync(join(ROOT, 'platform', 'trino-cluster-etl.yaml'), 'utf8');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const git = (dir, args) => execFileSync('git', args, { cwd: dir, env: gitEnv(), encoding: 'utf8' });

/** The seed TrinoCluster as instance `name` with `maxReplicas` workers at most. */
const trino = (name, maxReplicas) =>
  SEED.replace(/name: trino-cluster-etl/, `name: ${name}`)
    .replace(/namespace: trino-cluster-etl/, `namespace: ${name}`)
    .replace('maxReplicas: 5', `maxReplicas: ${maxReplicas}`);

/** Resident and peak memory of a process, in MiB, from /proc; V8's heap from the server's /metrics. */
async function memory(pid, url) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)[1]);
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const mib = (name) => +(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metrics)[1]) / 2 ** 20).toFixed(1);
  return {
    rssMiB: +(kib('VmRSS') / 1024).toFixed(1),
    peakRssMiB: +(kib('VmHWM') / 1024).toFixed(1),
    heapUsedMiB: mib('nodejs_heap_size_used_bytes'),
    heapTotalMiB: mib('nodejs_heap_size_total_bytes'),
    externalMiB: mib('nodejs_external_memory_bytes'),
  };
}

async function main() {
  const rounds = arg('rounds', 200);
  const clients = arg('clients', 32);
  const perClient = arg('per-client', 8);
  const total = arg('total', 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const remote = join(dataDir, 'gitops.git');
  const { child, url, nodeArgsUsed } = await startServer(dataDir);
  let creates = 0;
  try {
    const login = await fetch(`${url}/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `user=admin&password=${ADMIN_PASSWORD}`,
    });
    const { token } = await login.json();
    const atStart = await memory(child.pid, url);
    const create = async (yaml) => {
      const res = await fetch(`${url}/v1/trino/create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `yaml=${Buffer.from(yaml).toString('base64')}`,
      });
      creates += 1;
      const body = await res.json();
      if (res.status !== 200 || body.status !== 'committed') throw new Error(`create answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      return body;
    };

    // 1. one client
    for (let i = 0; i < 10; i++) await create(trino('etl', 6 + (i % 2)));
    const times = [];
    for (let i = 0; i < rounds; i++) {
      const start = process.hrtime.bigint();
      await create(trino('etl', 6 + (i % 2)));
      times.push(ms(start));
    }

    // 2. concurrent clients; then the same number of plain commits
    const before = Number(git(remote, ['rev-list', '--count', 'main']));
    const start = process.hrtime.bigint();
    const answers = await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const mine = [];
        for (let k = 0; k < perClient; k++) mine.push(await create(trino(`c${c}`, 6 + k)));
        return mine;
      }),
    );
    const concurrentMs = ms(start);
    const acknowledged = answers.flat();
    const commits = Number(git(remote, ['rev-list', '--count', 'main'])) - before;
    const shas = new Set(
      git(remote, ['rev-list', '-n', String(commits), 'main'])
        .trim()
        .split('\n'),
    );
    const lost = acknowledged.filter((a) => !shas.has(a.commit)).length;
    const plainMs = plainCommitLoop(acknowledged.length);
    // That loop blocked this process's event loop for seconds: let the pooled sockets the server closed
    // meanwhile (keep-alive timeout) be seen as closed before the next request would pick one of them.
    await new Promise((resolve) => setTimeout(resolve, 100));

    // 3. the rest of the creates as new instances, then the server's memory
    const grow = process.argv.includes('--new-instances');
    const late = [];
    for (let i = 0; creates < total; i++) {
      const begin = process.hrtime.bigint();
      await create(grow ? trino(`n${i}`, 6) : trino(`c${i % clients}`, 6 + perClient + (Math.floor(i / clients) % 2)));
      late.push(ms(begin));
    }
    const mem = await memory(child.pid, url);

    const report = {
      serverNodeArgs: nodeArgsUsed,
      createAcknowledgedLatencyMs: {
        rounds,
        median: +quantile(times, 0.5).toFixed(1),
        p99: +quantile(times, 0.99).toFixed(1),
        targets: { median: 60, p99: 250 },
      },
      concurrentClients: {
        clients,
        acknowledged: acknowledged.length,
        commitsInRemote: commits,
        lostWrites: lost + (acknowledged.length - commits),
        apiCommitsPerSecond: +((acknowledged.length * 1000) / concurrentMs).toFixed(1),
        plainGitCommitLoopPerSecond: +((acknowledged.length * 1000) / plainMs).toFixed(1),
      },
      memoryAtStart: atStart,
      memoryAfterCreates: {
        creates,
        instancesInRepository: Number(git(remote, ['ls-tree', '--name-only', 'main', 'components/trino/']).trim().split('\n').length),
        lastFiftyCreatesMedianMs: +quantile(late.slice(-50), 0.5).toFixed(1),
        ...mem,
        target: 150,
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `git add -A && git commit` of one small YAML file each, `count` times, in a fresh repository (no push). */
function plainCommitLoop(count) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-plain-'));
  try {
    git(dir, ['init', '-q', '-b', 'main']);
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      mkdirSync(join(dir, `d${i % 32}`), { recursive: true });
      writeFileSync(join(dir, `d${i % 32}`, 'worker.yaml'), `maxReplicas: ${i}\n`);
      execFileSync('bash', ['-c', `git add -A && git -c user.name=b -c user.email=b@x commit -qm "c ${i}"`], { cwd: dir, env: gitEnv() });
    }
    return ms(start);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n${err.cause ? `cause: ${err.cause.stack ?? err.cause}\n` : ''}`);
  process.exitCode = 1;
});
