#!/usr/bin/env node
// Benchmarks the secret handling with the compiled lib/ (run `npm run build` first):
// the stored-spec probing inside synthesis, sealing (new ciphertexts vs kept ones), loading node-forge,
// and generating a sealing key pair on a first start.
// Usage: node bench/secrets.js [iterations]
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { App, Chart } = require('cdk8s');

const ROOT = join(__dirname, '..');
const SEED = join(ROOT, 'platform/trino-cluster-etl.yaml');
const iterations = Number(process.argv[2] ?? 200);
const lib = (path) => require(join(ROOT, 'lib/src', path));
const { parseSpecYaml } = lib('schema/yaml.js');
const { loadSpecs } = lib('schema/load.js');
const { synthesize } = lib('engine/synthesize.js');
const { REGISTRY } = lib('components/registry.js');
const { storedSpecOf } = lib('secrets/stored-spec.js');
const { createSealedSecretsSealer } = lib('secrets/sealed-secrets/sealer.js');
const { createSealingKeyPair } = lib('secrets/sealed-secrets/key-pair.js');

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
function measure(label, runs, fn, warmup = 20) {
  for (let i = 0; i < warmup; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label} (${runs} runs): median ${percentile(samples, 0.5).toFixed(2)} ms, p95 ${percentile(samples, 0.95).toFixed(2)} ms, min ${samples[0].toFixed(2)} ms`,
  );
}

const [spec] = loadSpecs(REGISTRY, parseSpecYaml(readFileSync(SEED, 'utf8'), SEED));
const component = REGISTRY.find((c) => c.kind.kind === spec.kind);
const build = (s) => {
  const chart = new Chart(new App({ outdir: 'unused' }), 'bench', { namespace: s.metadata.namespace, disableResourceNameHashes: true });
  component.build(chart, s, { find: () => undefined, gitops: 'flux' });
  return chart.toJson();
};
const objects = build(spec);

// 1. What making the stored spec costs, next to one build of the instance and the whole synthesis.
measure('seed TrinoCluster: one build of its objects', iterations, () => build(spec));
measure('seed TrinoCluster: storedSpecOf (probe build + verification build)', iterations, () => storedSpecOf(spec, objects, build));
measure('seed TrinoCluster: synthesize, plaintext', iterations, () =>
  synthesize([spec], { secrets: { mode: 'plaintext' }, random: (n) => Buffer.alloc(n, 1) }),
);

// 2. Sealing with a controller-sized (4096-bit) certificate: three values, sealed anew or kept.
const pair = createSealingKeyPair();
const sealer = createSealedSecretsSealer({ certificatePem: pair.certificatePem, hashKey: Buffer.from('bench hash key, 32 bytes long...') });
const options = { secrets: { mode: 'seal', sealer }, random: (n) => Buffer.alloc(n, 1) };
const first = synthesize([spec], options);
measure('seed TrinoCluster: synthesize, sealing 3 values anew', iterations, () => synthesize([spec], options));
measure('seed TrinoCluster: synthesize, unchanged (ciphertexts kept)', iterations, () =>
  synthesize([spec], { ...options, previous: (p) => first.files[p] }),
);

// 3. Loading node-forge in a fresh process (only a first start without a certificate does).
const forgeLoads = Array.from({ length: 10 }, () =>
  Number(
    execFileSync(
      process.execPath,
      ['-e', "const t=process.hrtime.bigint();require('node-forge');process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))"],
      { cwd: ROOT },
    ).toString(),
  ),
).sort((a, b) => a - b);
console.log(
  `require('node-forge') in a fresh process (10 runs): median ${percentile(forgeLoads, 0.5).toFixed(1)} ms, min ${forgeLoads[0].toFixed(1)} ms`,
);

// 4. A first start without a certificate: RSA-4096 key pair + self-signed certificate.
measure('createSealingKeyPair (RSA-4096, self-signed)', 5, () => createSealingKeyPair(), 0);
