// A writer process for the multi-process test and the benchmark: runs N concurrent changes through the
// compiled delivery module (lib/) against one remote and prints their results as JSON on stdout.
// Usage: node writer-process.js REMOTE DATA_DIR LABEL COUNT
const { k8s } = require('cdk8s-plus-27');
const { z } = require('zod');
const { createDelivery } = require('../../../lib/src/delivery');
const { ownKind } = require('../../../lib/src/schema/fields');

const echo = {
  kind: { apiVersion: 'dataroaster.io/v1alpha1', kind: 'Echo', schema: ownKind('Echo', z.strictObject({ text: z.string() })) },
  folder: 'echo',
  build(chart, spec) {
    new k8s.KubeConfigMap(chart, 'config', { metadata: { name: spec.metadata.name }, data: { text: spec.spec.text } });
  },
};

async function main() {
  const [remote, dataDir, label, count] = process.argv.slice(2);
  const delivery = createDelivery({
    config: {
      dataDir,
      remoteUrl: remote,
      branch: 'main',
      committer: { name: 'DataRoaster', email: 'dataroaster@example.test' },
      authorDomain: 'example.test',
      review: 'direct',
      timeoutMs: 60000,
      pushAttempts: 30,
      // the same as testConfig(): servers sharing a remote must agree on the platform files
      clusterRepoUrl: 'https://git.example.test/team/gitops.git',
      pollMs: 0,
    },
    registry: [echo],
  });
  await delivery.start();
  const results = await Promise.allSettled(
    Array.from({ length: Number(count) }, (_, i) =>
      delivery.apply({
        spec: {
          apiVersion: 'dataroaster.io/v1alpha1',
          kind: 'Echo',
          metadata: { name: `${label}-i${i}`, namespace: `ns-${label}` },
          spec: { text: String(i) },
        },
        user: `user-${label}-${i}`,
        requestId: `${label}-${i}`,
      }),
    ),
  );
  await delivery.close();
  process.stdout.write(JSON.stringify(results.map((r) => (r.status === 'fulfilled' ? r.value : { error: `${r.reason.name}: ${r.reason.message}` }))));
}

main().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
