import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { load } from 'js-yaml';

import { REGISTRY } from '../../src/components/registry';
import { bootstrapEntryPath, FLUX_INSTANCES } from '../../src/gitops/layout';
import { loadSpecs } from '../../src/schema/load';
import { parseSpecYaml } from '../../src/schema/yaml';
import { kubectl, kustomize } from '../support/kubectl';
import { objectsIn, schemaFailures } from '../support/validate';
import { request, startDelivery } from './support/delivery-fixtures';
import { bareRemote, git, tempDir } from './support/git-fixtures';

const SEED = join(__dirname, '../../platform/trino-cluster-etl.yaml');

/** Stands in for Sealed Secrets: the Secret's values never reach the repository. */
const sealer = {
  seal: (secret: any, previous: any) =>
    previous ?? {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: secret.metadata.name, namespace: secret.metadata.namespace },
      spec: {
        encryptedData: Object.fromEntries(Object.keys(secret.stringData).map((k) => [k, 'AgB-sealed'])),
        template: { metadata: { name: secret.metadata.name, namespace: secret.metadata.namespace } },
      },
    },
};

describe('delivery with the real Trino component', () => {
  test('the original TrinoCluster seed becomes one commit whose folders kubectl kustomize builds and whose objects pass the schemas', async () => {
    // Given the seed TrinoCluster, validated and mapped onto the own kind
    const [spec] = loadSpecs(REGISTRY, parseSpecYaml(readFileSync(SEED, 'utf8'), 'trino-cluster-etl.yaml'));
    const remote = bareRemote();
    const delivery = await startDelivery(
      { remoteUrl: remote, clusterRepoUrl: 'https://git.example.com/platform/gitops.git' },
      { registry: REGISTRY, secrets: { mode: 'seal', sealer } },
    );
    // When
    const result = await delivery.apply({ spec, ...request('alice') });
    // Then
    expect(result.status).toBe('committed');
    expect(git(remote, ['log', '-1', '--format=%s | %an', 'main']).trim()).toBe('trino: create trino-cluster-etl | alice');
    const paths = git(remote, ['ls-tree', '-r', '--name-only', 'main']).trim().split('\n');
    expect(paths).toContain('components/trino/trino-cluster-etl/dataroaster-spec.yaml');
    // the same spec again: unchanged (sealed secrets keep their ciphertext through `previous`)
    await expect(delivery.apply({ spec, ...request('bob') })).resolves.toMatchObject({ status: 'unchanged' });

    // Every folder an agent reads builds with kubectl kustomize, and every object passes the schemas
    const dir = tempDir('trino-tree-');
    const files: Record<string, string> = {};
    for (const path of paths) {
      files[path] = git(remote, ['show', `main:${path}`]);
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), files[path]);
    }
    const bin = await kubectl();
    const folders = ['bootstrap/flux', 'bootstrap/flux/instances', 'namespaces', 'components/trino/trino-cluster-etl'];
    for (const folder of folders) expect(kustomize(bin, join(dir, folder))).toContain('apiVersion:');
    const applied = folders.flatMap((f) => objectsIn({ [f]: kustomize(bin, join(dir, f)) }));
    expect(applied.some((o) => o.kind === 'Secret')).toBe(false);
    expect(schemaFailures(applied)).toEqual([]);
    const kustomization = load(files[bootstrapEntryPath(FLUX_INSTANCES, 'kustomization-trino-trino-cluster-etl.yaml')]) as any;
    expect(kustomization.spec.path).toBe('./components/trino/trino-cluster-etl');
  });
});
