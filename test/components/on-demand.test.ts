import { fullRegistry, ON_DEMAND, registryFor } from '../../src/components/on-demand';
import { REGISTRY } from '../../src/components/registry';

describe('components loaded on demand (the CLI loads only those its specs need)', () => {
  test('the on-demand table is REGISTRY: the same definitions, in the same order, under the document types each takes', () => {
    expect(ON_DEMAND).toHaveLength(REGISTRY.length);
    ON_DEMAND.forEach((entry, i) => expect(entry.load()).toBe(REGISTRY[i]));
    expect(ON_DEMAND.map((entry) => entry.types)).toEqual(REGISTRY.map((d) => [d.kind, ...(d.legacy ?? [])].map((k) => `${k.apiVersion} ${k.kind}`)));
    expect(fullRegistry()).toBe(REGISTRY);
  });

  test('registryFor: the components of the given types, in registry order; every component for an unknown or missing type', () => {
    const folders = (documents: unknown[]) => registryFor(documents).map((d) => d.folder);
    expect(folders([{ apiVersion: 'trino-operator.cloudchef-labs.com/v1beta1', kind: 'TrinoCluster' }])).toEqual(['trino']);
    // an original HelmChart is a Hive metastore or a Helm release: both are loaded, the mapping tells them apart
    expect(
      folders([
        { apiVersion: 'dataroaster.io/v1alpha1', kind: 'TrinoGateway' },
        { apiVersion: 'helm-operator.cloudchef-labs.com/v1beta1', kind: 'HelmChart' },
      ]),
    ).toEqual(['hive-metastore', 'helm-releases', 'trino-gateway']);
    expect(registryFor([{ apiVersion: 'dataroaster.io/v1alpha1', kind: 'Nope' }])).toBe(REGISTRY);
    expect(registryFor([{ kind: 'TrinoCluster' }])).toBe(REGISTRY);
    expect(registryFor([null])).toBe(REGISTRY);
  });
});
