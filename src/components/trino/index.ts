import type { ComponentDefinition } from '../../core/component';
import type { InstanceRef } from '../../core/instance';
import { metastoreThriftUri } from '../hive-metastore/discovery';
import type { HiveMetastoreSpec } from '../hive-metastore/schema';
import { LEGACY_TRINO_CLUSTER } from './legacy';
import { TRINO_CLUSTER_OWN_KIND, TrinoClusterSpec } from './schema';
import { TrinoCluster } from './trino-cluster';

/** Every HiveMetastore the cluster's catalogs name, with the field naming it. */
function metastoreRefs(spec: TrinoClusterSpec): InstanceRef[] {
  return spec.spec.catalogs.flatMap((catalog, i) =>
    catalog.metastoreRef ? [{ kind: 'HiveMetastore', name: catalog.metastoreRef.name, path: `spec.catalogs[${i}].metastoreRef.name` }] : [],
  );
}

/** TrinoCluster instances → `trino/<name>/`. */
export const trinoCluster: ComponentDefinition<TrinoClusterSpec> = {
  kind: TRINO_CLUSTER_OWN_KIND,
  legacy: [LEGACY_TRINO_CLUSTER],
  folder: 'trino',
  endpoint: { name: 'trino', title: 'Trino cluster', params: {} },
  references: metastoreRefs,
  build(chart, spec, ctx) {
    const metastoreUris: Record<string, string> = {};
    const metastoreStores: Record<string, HiveMetastoreSpec['spec']['s3']> = {};
    for (const ref of metastoreRefs(spec)) {
      const metastore = ctx.find<HiveMetastoreSpec>('HiveMetastore', ref.name);
      if (metastore) {
        metastoreUris[ref.name] = metastoreThriftUri(metastore);
        metastoreStores[ref.name] = metastore.spec.s3;
      }
    }
    new TrinoCluster(chart, 'trino', { spec, metastoreUris, metastoreStores });
  },
};
