// Growth benchmark (compiled lib/; run `npm run build` first):
//   node bench/growth.js [--sizes 10,1000,5000] [--creates 30] [--lists 10] [--idle 20] [--work DIR]
// Does a change cost the same with 10 instances in the repository as with 5000? For each size N:
// 1. builds a GitOps repository holding N TrinoClusters FAST: the seed TrinoCluster is created once
//    through the real server (so its files are exactly the engine's), then copied under N names
//    (same-length names, so only the name changes) and written with ONE `git fast-import` as N commits
//    with the server's own commit messages, plus one commit with the platform-wide files regenerated
//    whole (src/delivery/platform-delta fullPlatformFiles, what the server's start-up check compares);
// 2. starts the real server (`node lib/api-server/main.js`, the V8 flags of the image) on it as the
//    embedded repository and measures start-up until it listens (index built) and its RSS;
// 3. `GET /v1/trino/list` latency (median of --lists; until the whole answer arrived) and of one page
//    (`limit=100&continue=…`);
// 4. --creates `trino/create` of new instances per size, one request at a time, the sizes taking turns
//    (so the machine's load hits every size alike: the ratio is what the target is about; each round
//    starts with the next size): p50, p90, p99;
//    then RSS (and the peak) of the server and of its child (the git fast-import it keeps running), RSS
//    again after --idle seconds, and a restart.
// `--work DIR` keeps the generated repositories for the next run.
// Prints the figures as JSON with the machine's load average before and after.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { cpus, loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const { gitEnv } = require('../lib/src/delivery/git');
const { commitMessage } = require('../lib/src/delivery/commit-message');
const { fullPlatformFiles } = require('../lib/src/delivery/platform-delta');
const { ADMIN_PASSWORD, REPO_URL, startServer } = require('./server');

const ROOT = join(__dirname, '..');
const SEED = readFileSync(join(ROOT, 'platform', 'trino-cluster-etl.yaml'), 'utf8');
const NAMESPACES = 50;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const round = (n) => Math.round(n * 10) / 10;
const git = (dir, args, input) => execFileSync('git', args, { cwd: dir, env: gitEnv(), encoding: 'utf8', input, maxBuffer: 1 << 30 });

/** Names of the same length, so copying the template's files changes nothing but the name. */
const instanceName = (i) => `growth-${String(i).padStart(5, '0')}`;
const namespaceName = (i) => `growth-ns-${String(i % NAMESPACES).padStart(2, '0')}`;
const trino = (name, namespace) =>
  SEED.replace(/name: trino-cluster-etl/, `name: ${name}`).replace(/namespace: trino-cluster-etl/, `namespace: ${namespace}`);

async function stopServer(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function rssMiB(pid, field = 'VmRSS') {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return round(Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)[1]) / 1024);
}

/** RSS of the server's child processes (the git fast-import it keeps running for commits), summed; and PSS, which counts shared pages (the git binary, libc, pack indexes) once per sharer. */
function childrenRssMiB(pid) {
  let rss = 0;
  let pss = 0;
  for (const child of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (!new RegExp(`^PPid:\\s+${pid}$`, 'm').test(readFileSync(`/proc/${child}/status`, 'utf8'))) continue;
      const rollup = readFileSync(`/proc/${child}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)[1]);
      pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)[1]);
    } catch {
      // gone meanwhile
    }
  }
  return { rss: round(rss / 1024), pss: round(pss / 1024) };
}

async function login(url) {
  const res = await fetch(`${url}/v1/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `user=admin&password=${ADMIN_PASSWORD}`,
  });
  return (await res.json()).token;
}

async function create(url, token, name, namespace) {
  const body = new URLSearchParams({ yaml: Buffer.from(trino(name, namespace)).toString('base64') });
  const start = process.hrtime.bigint();
  const res = await fetch(`${url}/v1/trino/create`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });
  const json = await res.json();
  if (json.status !== 'committed') throw new Error(`create ${name}: ${JSON.stringify(json)}`);
  return ms(start);
}

/** The files of one instance as the server wrote them, with the name of the template instance in them. */
async function templateInstance(work) {
  const dataDir = join(work, 'template');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir);
  const server = await startServer(dataDir, { env: { DATAROASTER_BCRYPT_COST: '10' }, echo: true });
  try {
    const token = await login(server.url);
    await create(server.url, token, instanceName(0), namespaceName(0));
  } finally {
    await stopServer(server.child);
  }
  const remote = join(dataDir, 'gitops.git');
  const folder = `components/trino/${instanceName(0)}`;
  const paths = git(remote, ['ls-tree', '-r', '--name-only', 'main', folder]).split('\n').filter(Boolean);
  const files = new Map(paths.map((p) => [p.slice(folder.length + 1), git(remote, ['show', `main:${p}`])]));
  const level = /pod-security\.kubernetes\.io\/enforce: (\S+)/.exec(git(remote, ['show', `main:namespaces/${namespaceName(0)}.yaml`]))[1];
  return { files, level };
}

/** A bare repository holding `count` instances, written by one fast-import; the time it took. */
function generateRepository(remote, count, template) {
  const start = process.hrtime.bigint();
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote], { env: gitEnv() });
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const chunks = [];
  const committer = 'DataRoaster <dataroaster@dataroaster.local> 1767225600 +0000';
  const instances = [];
  for (let i = 0; i < count; i++) {
    const name = instanceName(i);
    const namespace = namespaceName(i);
    const folder = `components/trino/${name}`;
    const files = [...template.files].map(([file, text]) => [
      `${folder}/${file}`,
      text.split(instanceName(0)).join(name).split(namespaceName(0)).join(namespace),
    ]);
    const message = commitMessage({
      component: 'trino',
      kind: 'TrinoCluster',
      name,
      namespace,
      action: 'create',
      user: 'bench',
      requestId: `bench-${i}`,
      specHash: 'sha256:generated',
      version: 'bench',
      files: files.map(([path]) => ({ path, status: 'added' })),
    });
    chunks.push(`commit refs/heads/main\nauthor bench <bench@dataroaster.local> ${1767225600 + i} +0000\ncommitter ${committer}\n${data(message)}`);
    for (const [path, text] of files) chunks.push(`M 100644 inline ${path}\n${data(text)}`);
    chunks.push('\n');
    instances.push({ kind: 'TrinoCluster', name, namespace, component: 'trino', folder, references: [], podSecurity: template.level });
  }
  const shared = fullPlatformFiles(instances, { bootstrap: { repoUrl: REPO_URL, branch: 'main' } });
  chunks.push(`commit refs/heads/main\ncommitter ${committer}\n${data('dataroaster: refresh the platform files\n\nDataRoaster-Version: bench\n')}`);
  for (const [path, text] of shared) chunks.push(`M 100644 inline ${path}\n${data(text)}`);
  chunks.push('\ndone\n');
  git(remote, ['fast-import', '--quiet', '--done'], chunks.join(''));
  return ms(start);
}

/** Starts the server on a fresh copy of the seeded repository of `size` instances: start-up, RSS, list latency. */
async function startAndList(work, size, template, lists, started) {
  const seeded = join(work, `seed-${size}.git`);
  let generateMs;
  if (!existsSync(seeded)) generateMs = generateRepository(seeded, size, template);
  // every measurement starts from a copy of the seeded repository, with a fresh data directory
  const dataDir = join(work, `n${size}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir);
  const remote = join(dataDir, 'gitops.git');
  execFileSync('cp', ['-a', seeded, remote]);
  const commitsBefore = Number(git(remote, ['rev-list', '--count', 'main']).trim());
  const server = await startServer(dataDir, { env: { DATAROASTER_BCRYPT_COST: '10' }, echo: true });
  started.push(server.child);
  const rssAfterStart = rssMiB(server.child.pid);
  const refreshedAtStart = Number(git(remote, ['rev-list', '--count', 'main']).trim()) !== commitsBefore;
  const token = await login(server.url);
  const ready = await fetch(`${server.url}/readyz`);
  if (ready.status !== 200) throw new Error(`not ready after start: ${ready.status} ${await ready.text()}`);
  const listMs = [];
  const pageMs = [];
  let listed = 0;
  let listBytes = 0;
  for (let i = 0; i < lists; i++) {
    let start = process.hrtime.bigint();
    const res = await fetch(`${server.url}/v1/trino/list`, { headers: { Authorization: `Bearer ${token}` } });
    const body = Buffer.from(await res.arrayBuffer());
    listMs.push(ms(start)); // until the whole answer arrived; parsing it is the client's time
    listed = JSON.parse(body.toString('utf8')).length;
    listBytes = body.length;
    // one page of 100 from the middle of the list (limit/continue)
    const after = Buffer.from(`components/trino/${instanceName(Math.floor(size / 2))}`).toString('base64url');
    start = process.hrtime.bigint();
    const page = await fetch(`${server.url}/v1/trino/list?limit=100&continue=${after}`, { headers: { Authorization: `Bearer ${token}` } });
    if (page.status !== 200) throw new Error(`list page: ${page.status} ${await page.text()}`);
    await page.arrayBuffer();
    pageMs.push(ms(start));
  }
  return {
    size,
    server,
    token,
    dataDir,
    createMs: [],
    result: {
      instances: size,
      generateMs: generateMs === undefined ? 'reused' : Math.round(generateMs),
      startupMs: Math.round(server.startupMs),
      refreshedAtStart,
      rssAfterStartMiB: rssAfterStart,
      listed,
      listBytes,
      listP50Ms: round(quantile(listMs, 0.5)),
      listFirstMs: round(listMs[0]), // the first list after start joins every instance's JSON; the next ones until a change send the same bytes
      listPage100P50Ms: round(quantile(pageMs, 0.5)),
    },
  };
}

/** After the creates: latency quantiles and RSS (now and peak). */
function afterCreates({ server, createMs, result }) {
  Object.assign(result, {
    createP50Ms: round(quantile(createMs, 0.5)),
    createP90Ms: round(quantile(createMs, 0.9)),
    createP99Ms: round(quantile(createMs, 0.99)),
    rssAfterCreatesMiB: rssMiB(server.child.pid),
    rssPeakMiB: rssMiB(server.child.pid, 'VmHWM'),
    // the split: anonymous memory (heap, V8) and file pages (the node binary's code and data, which the
    // kernel may drop and read back, so this part moves with the machine's memory management)
    rssAnonAfterCreatesMiB: rssMiB(server.child.pid, 'RssAnon'),
    rssFileAfterCreatesMiB: rssMiB(server.child.pid, 'RssFile'),
    childRssAfterCreatesMiB: childrenRssMiB(server.child.pid).rss,
    childPssAfterCreatesMiB: childrenRssMiB(server.child.pid).pss,
  });
}

/** RSS once idle, then a restart on the same data directory: the repository is there, so this is the index being built from Git. */
async function idleAndRestart({ server, dataDir, result }, started) {
  result.rssIdleMiB = rssMiB(server.child.pid);
  await stopServer(server.child);
  const again = await startServer(dataDir, { env: { DATAROASTER_BCRYPT_COST: '10' }, echo: true });
  started.push(again.child);
  result.restartMs = Math.round(again.startupMs);
  result.rssAfterRestartMiB = rssMiB(again.child.pid);
  await stopServer(again.child);
  return result;
}

async function main() {
  const sizes = arg('sizes', '10,1000,5000').split(',').map(Number);
  const creates = Number(arg('creates', 30));
  const lists = Number(arg('lists', 10));
  const idle = Number(arg('idle', 20));
  // --work DIR: keep the generated repositories there (and reuse them on the next run) instead of a temp folder
  const keep = arg('work', undefined);
  const work = keep ?? mkdtempSync(join(tmpdir(), 'dataroaster-growth-'));
  if (keep) mkdirSync(keep, { recursive: true });
  const loadBefore = loadavg().map(round);
  const started = []; // every server process, stopped at the end whatever happened
  try {
    const template = await templateInstance(work);
    const runs = [];
    for (const size of sizes) runs.push(await startAndList(work, size, template, lists, started));
    // the creates of all sizes interleaved, one request at a time: the machine's load hits every size alike;
    // each round starts with the next size, so no size always follows another's request (whose server may
    // still be collecting garbage when the next request arrives)
    for (let i = 0; i < creates; i++) {
      for (let k = 0; k < runs.length; k++) {
        const run = runs[(i + k) % runs.length];
        run.createMs.push(await create(run.server.url, run.token, instanceName(run.size + i), namespaceName(run.size + i)));
      }
    }
    for (const run of runs) afterCreates(run);
    // V8 gives back the heap the start-up build grew once the process is idle (its memory reducer)
    await new Promise((resolve) => setTimeout(resolve, idle * 1000));
    const results = [];
    for (const run of runs) {
      results.push(await idleAndRestart(run, started));
      process.stderr.write(`${JSON.stringify(results[results.length - 1])}\n`);
    }
    const base = results.find((r) => r.instances === Math.min(...sizes));
    const top = results.find((r) => r.instances === Math.max(...sizes));
    process.stdout.write(
      `${JSON.stringify(
        {
          machine: { cpus: cpus().length, loadBefore, loadAfter: loadavg().map(round), node: process.version, git: git(work, ['--version']).trim() },
          results,
          createP50Ratio: round((top.createP50Ms / base.createP50Ms) * 100) / 100,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    for (const child of started) await stopServer(child);
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
