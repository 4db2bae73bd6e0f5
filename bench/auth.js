// Authentication and database benchmark (compiled lib/; run `npm run build` first; needs Debian's
// `postgresql` server binaries, as the tests do):
//   node bench/auth.js [--logins 40] [--creates 60] [--flood-seconds 8]
// In one run, on this machine:
// 1. for SQLite (the data dir) and PostgreSQL (a throwaway server on a free loopback port): latency of
//    POST /v1/login (bcrypt cost 12, the default) and of trino/create → pushed (1 client, every request a
//    different spec), each against `node lib/api-server/main.js` with the deployed V8 flags;
// 2. /healthz latency, probed every 50 ms, while 16 clients log in in a loop (the login flood of issue 12).
const { execFileSync, spawn } = require('node:child_process');
const { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { ADMIN_PASSWORD, startServer } = require('./server');

const ROOT = join(__dirname, '..');
const SEED = readFileSync(join(ROOT, 'platform', 'trino-cluster-etl.yaml'), 'utf8');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const summary = (values) => ({
  median: +quantile(values, 0.5).toFixed(1),
  p99: +quantile(values, 0.99).toFixed(1),
  max: +Math.max(...values).toFixed(1),
  n: values.length,
});
const trino = (name, maxReplicas) =>
  SEED.replace(/name: trino-cluster-etl/, `name: ${name}`)
    .replace(/namespace: trino-cluster-etl/, `namespace: ${name}`)
    .replace('maxReplicas: 5', `maxReplicas: ${maxReplicas}`);
const asRoot = process.getuid() === 0;
const as = (bin, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL (same settings as test/support/postgres.ts). */
async function startPostgres() {
  const major = readdirSync('/usr/lib/postgresql')
    .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
    .sort((a, b) => b - a)[0];
  const bin = `/usr/lib/postgresql/${major}/bin`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-pg-'));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'])), Number(execFileSync('id', ['-g', 'postgres'])));
  execFileSync(...as(`${bin}/initdb`, ['-D', `${dir}/data`, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']), { stdio: 'ignore' });
  const port = await freePort();
  const child = spawn(...as(`${bin}/postgres`, ['-D', `${dir}/data`, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1']), {
    stdio: 'ignore',
  });
  for (;;) {
    const c = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    try {
      await c.connect();
      await c.query('CREATE DATABASE bench');
      await c.end();
      break;
    } catch {
      await c.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/bench`,
    async stop() {
      const pid = Number(readFileSync(`${dir}/data/postmaster.pid`, 'utf8').split('\n')[0]);
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(pid, 'SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function login(url) {
  const res = await fetch(`${url}/v1/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `user=admin&password=${ADMIN_PASSWORD}`,
  });
  const body = await res.json();
  if (res.status !== 200 && res.status !== 429) throw new Error(`login answered ${res.status}: ${JSON.stringify(body)}`);
  return { status: res.status, token: body.token };
}

async function measure(name, env) {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-auth-${name}-`));
  const { child, url } = await startServer(dataDir, { env });
  try {
    const { token } = await login(url);
    const logins = [];
    for (let i = 0; i < arg('logins', 40); i++) {
      const start = process.hrtime.bigint();
      await login(url);
      logins.push(ms(start));
    }
    const creates = [];
    for (let i = 0; i < 5 + arg('creates', 60); i++) {
      const start = process.hrtime.bigint();
      const res = await fetch(`${url}/v1/trino/create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `yaml=${Buffer.from(trino('etl', 6 + (i % 2))).toString('base64')}`,
      });
      const body = await res.json();
      if (res.status !== 200 || body.status !== 'committed') throw new Error(`create answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      if (i >= 5) creates.push(ms(start));
    }
    let flood;
    if (name === 'sqlite') {
      const until = Date.now() + arg('flood-seconds', 8) * 1000;
      const statuses = { 200: 0, 429: 0 };
      const clients = Array.from({ length: 16 }, async () => {
        while (Date.now() < until) statuses[(await login(url)).status]++;
      });
      const probes = [];
      while (Date.now() < until) {
        const start = process.hrtime.bigint();
        await (await fetch(`${url}/healthz`)).text();
        probes.push(ms(start));
        await new Promise((r) => setTimeout(r, 50));
      }
      await Promise.all(clients);
      flood = { healthz: summary(probes), logins: statuses };
    }
    return { login: summary(logins), create: summary(creates), flood };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const pg = await startPostgres();
  try {
    const results = { sqlite: await measure('sqlite', {}), postgres: await measure('postgres', { DATAROASTER_DATABASE_URL: pg.url }) };
    console.log(
      JSON.stringify(
        {
          cpus: require('node:os').cpus().length,
          loadavg: require('node:os')
            .loadavg()
            .map((l) => +l.toFixed(1)),
          ...results,
        },
        null,
        2,
      ),
    );
  } finally {
    await pg.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
