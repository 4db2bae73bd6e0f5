#!/usr/bin/env node
// Benchmarks synthesis of the seed TrinoCluster (platform/trino-cluster-etl.yaml) with the compiled lib/
// (run `npm run build` first): in-process warm time, and the whole `dataroaster synth` process.
// Usage: node bench/trino-synth.js [iterations] [--in-process-only]
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const SEED = join(ROOT, 'platform/trino-cluster-etl.yaml');
const iterations = Number(process.argv[2] ?? 500);

const { parseSpecYaml } = require(join(ROOT, 'lib/src/schema/yaml.js'));
const { loadSpecs } = require(join(ROOT, 'lib/src/schema/load.js'));
const { synthesize } = require(join(ROOT, 'lib/src/engine/synthesize.js'));
const { REGISTRY } = require(join(ROOT, 'lib/src/components/registry.js'));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), min: sorted[0], max: sorted[sorted.length - 1] };
};
const fmt = (s, unit) =>
  `median ${s.median.toFixed(2)} ${unit}, p95 ${s.p95.toFixed(2)} ${unit}, min ${s.min.toFixed(2)} ${unit}, max ${s.max.toFixed(2)} ${unit}`;

// 1. In-process: parse + validate + map the original CR + synthesize to YAML text, warm.
const text = readFileSync(SEED, 'utf8');
const options = { secrets: { mode: 'plaintext' }, random: (n) => Buffer.alloc(n, 1) };
const once = () => synthesize(loadSpecs(REGISTRY, parseSpecYaml(text, SEED)), options);
for (let i = 0; i < 50; i++) once();
const inProcess = [];
for (let i = 0; i < iterations; i++) {
  const start = process.hrtime.bigint();
  once();
  inProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(`in-process (${iterations} warm runs): ${fmt(summary(inProcess), 'ms')}`);

// 1b. In-process, the Trino gateway: parse + validate platform/trino-gateway.yaml + synthesize it (the seed
// cluster it routes to is a known instance, as in a repository that already holds it), warm.
const GATEWAY = join(ROOT, 'platform/trino-gateway.yaml');
const gatewayText = readFileSync(GATEWAY, 'utf8');
const seedCluster = loadSpecs(parseSpecYaml(text, SEED));
const gatewayOnce = () => synthesize(loadSpecs(parseSpecYaml(gatewayText, GATEWAY)), { ...options, known: seedCluster });
for (let i = 0; i < 50; i++) gatewayOnce();
const gatewayRuns = [];
for (let i = 0; i < iterations; i++) {
  const start = process.hrtime.bigint();
  gatewayOnce();
  gatewayRuns.push(Number(process.hrtime.bigint() - start) / 1e6);
}
console.log(`in-process, Trino gateway (${iterations} warm runs): ${fmt(summary(gatewayRuns), 'ms')}`);
if (process.argv.includes('--in-process-only')) process.exit(0);

// 2. Whole process: `dataroaster synth <seed> --out <tmp>`: wall time, CPU time (user + sys, what wall
// time would be on an idle machine) and peak RSS, from GNU time (-f '%M %U %S', KiB and seconds).
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
function cliRuns(label, command, args, runs) {
  const wall = [];
  const rss = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'dataroaster-bench-'));
    const argv = [...args, 'synth', SEED, '--out', out, '--allow-plaintext-secrets'];
    const start = process.hrtime.bigint();
    const result = timeBin
      ? spawnSync(timeBin, ['-f', '%M %U %S', command, ...argv], { cwd: ROOT, encoding: 'utf8' })
      : spawnSync(command, argv, { cwd: ROOT, encoding: 'utf8' });
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    rmSync(out, { recursive: true, force: true });
    if (result.status !== 0) throw new Error(`${label} failed: ${result.stderr}`);
    if (timeBin) {
      const [kib, user, sys] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
      rss.push(kib / 1024);
      cpu.push((user + sys) * 1000);
    }
  }
  console.log(`${label} (${runs} runs): wall ${fmt(summary(wall), 'ms')}`);
  if (rss.length) console.log(`${label} (${runs} runs): CPU ${fmt(summary(cpu), 'ms')}`);
  if (rss.length) console.log(`${label} (${runs} runs): peak RSS ${fmt(summary(rss), 'MiB')}`);
}
console.log(
  `load average ${require('node:os')
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${require('node:os').cpus().length} CPUs`,
);
cliRuns('node -e 0 (Node start-up alone)', process.execPath, ['-e', '0', '--'], 20);
cliRuns('node bin/dataroaster.js synth', process.execPath, [join(ROOT, 'bin/dataroaster.js')], 20);
cliRuns('npx dataroaster synth', 'npx', ['--no-install', 'dataroaster'], 10);
