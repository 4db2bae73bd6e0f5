// Git delivery benchmark (compiled lib/; run `npm run build` first):
//   node bench/delivery.js [--rounds 200]
// 1. commit+push latency of one instance to a local bare remote (median, p99), sequential changes;
// 2. 32 concurrent writers in one process vs a plain `git add && git commit` shell loop of 32 commits
//    measured in the same run (5 rounds each, medians compared).
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { k8s } = require('cdk8s-plus-27');
const { createDelivery } = require('../lib/src/delivery');
const { gitEnv } = require('../lib/src/delivery/git');
const { ownKind } = require('../lib/src/schema/fields');
const { z } = require('zod');

const echo = {
  kind: { apiVersion: 'dataroaster.io/v1alpha1', kind: 'Echo', schema: ownKind('Echo', z.strictObject({ text: z.string() })) },
  folder: 'echo',
  build(chart, spec) {
    new k8s.KubeConfigMap(chart, 'config', { metadata: { name: spec.metadata.name }, data: { text: spec.spec.text } });
  },
};
const spec = (name, text) => ({ apiVersion: 'dataroaster.io/v1alpha1', kind: 'Echo', metadata: { name, namespace: 'bench' }, spec: { text } });
const dirs = [];
const temp = (prefix) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

async function started() {
  const remote = join(temp('bench-remote-'), 'gitops.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote], { env: gitEnv() });
  const delivery = createDelivery({
    config: {
      dataDir: temp('bench-data-'),
      remoteUrl: remote,
      branch: 'main',
      committer: { name: 'DataRoaster', email: 'dr@example.test' },
      authorDomain: 'example.test',
      review: 'direct',
      timeoutMs: 60000,
      pushAttempts: 8,
    },
    registry: [echo],
  });
  await delivery.start();
  return delivery;
}

async function latency(rounds) {
  const delivery = await started();
  for (let i = 0; i < 10; i++) await delivery.apply({ spec: spec(`other-${i}`, 'x'), user: 'bench', requestId: `warm-${i}` });
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    const result = await delivery.apply({ spec: spec('etl', `v${i}`), user: 'bench', requestId: `r${i}` });
    times.push(ms(start));
    if (result.status !== 'committed') throw new Error(`round ${i}: ${result.status}`);
  }
  await delivery.close();
  return { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

async function concurrent(round) {
  const delivery = await started();
  const start = process.hrtime.bigint();
  const results = await Promise.all(
    Array.from({ length: 32 }, (_, i) => delivery.apply({ spec: spec(`w${round}-${i}`, 'x'), user: `u${i}`, requestId: `c${i}` })),
  );
  const elapsed = ms(start);
  if (results.some((r) => r.status !== 'committed')) throw new Error('a concurrent change was not committed');
  await delivery.close();
  return elapsed;
}

function shellLoop() {
  const dir = temp('bench-shell-');
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: gitEnv() });
  const script =
    'for i in $(seq 32); do mkdir -p d$i && echo "text: $i" > d$i/f.yaml && git add -A && git -c user.name=b -c user.email=b@x commit -qm "c $i"; done';
  const start = process.hrtime.bigint();
  execFileSync('bash', ['-c', script], { cwd: dir, env: gitEnv() });
  return ms(start);
}

async function main() {
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 200;
  const lat = await latency(rounds);
  const ours = [];
  const shell = [];
  for (let r = 0; r < 5; r++) {
    shell.push(shellLoop());
    ours.push(await concurrent(r));
  }
  const oursMedian = quantile(ours, 0.5);
  const shellMedian = quantile(shell, 0.5);
  const report = {
    commitPushLatencyMs: { rounds, median: +lat.median.toFixed(1), p99: +lat.p99.toFixed(1), targets: { median: 60, p99: 250 } },
    concurrent32: {
      deliveryMs: +oursMedian.toFixed(0),
      shellAddCommitLoopMs: +shellMedian.toFixed(0),
      deliveryChangesPerSecond: +((32 * 1000) / oursMedian).toFixed(1),
      shellCommitsPerSecond: +((32 * 1000) / shellMedian).toFixed(1),
      ratio: +(shellMedian / oursMedian).toFixed(2),
      target: 0.7,
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
