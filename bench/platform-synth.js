#!/usr/bin/env node
// Benchmarks in-process synthesis of the whole example platform (every spec under platform/, whatever
// kinds are registered) with the compiled lib/ (run `npm run build` first): read + parse + validate + map
// legacy inputs + synthesize + render YAML, warm. Reports the median and the objects each instance emits.
// Usage: node bench/platform-synth.js [iterations]
'use strict';
const { cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const { load } = require('js-yaml');

const ROOT = join(__dirname, '..');
const iterations = Number(process.argv[2] ?? 200);

const { readSpecFiles } = require(join(ROOT, 'lib/src/cli/spec-files.js'));
const { loadSpecs } = require(join(ROOT, 'lib/src/schema/load.js'));
const { synthesize } = require(join(ROOT, 'lib/src/engine/synthesize.js'));
const { REGISTRY } = require(join(ROOT, 'lib/src/components/registry.js'));

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
// Plaintext with pinned "random" bytes: the work of rendering Secrets without a sealer's cryptography.
const options = { secrets: { mode: 'plaintext' }, random: (n) => Buffer.alloc(n, 1) };
const once = () => synthesize(loadSpecs(REGISTRY, readSpecFiles([join(ROOT, 'platform')])), options);

for (let i = 0; i < 20; i++) once();
const samples = [];
for (let i = 0; i < iterations; i++) {
  const start = process.hrtime.bigint();
  once();
  samples.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const sorted = [...samples].sort((a, b) => a - b);
const { instances, files } = once();

console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs, Node ${process.version}`,
);
console.log(
  `whole example platform, in-process (${iterations} warm runs): median ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
);
console.log('| instance | objects | of which |');
console.log('|---|---|---|');
let total = 0;
for (const instance of instances) {
  const kinds = instance.paths.filter((p) => p !== 'kustomization.yaml').map((p) => load(files[`${instance.directory}/${p}`]).kind);
  const counts = Object.entries(kinds.reduce((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {})).map(([k, n]) => `${n} ${k}`);
  total += kinds.length;
  console.log(`| ${instance.spec.kind} \`${instance.directory}\` | ${kinds.length} | ${counts.join(', ')} |`);
}
const namespaces = Object.keys(files).filter((p) => p.startsWith('namespaces/') && !p.endsWith('kustomization.yaml')).length;
console.log(`| Namespaces | ${namespaces} | |`);
console.log(`total: ${total + namespaces} objects in ${Object.keys(files).length} files`);
