import type { Component } from '../../engine/component';
import type { InstanceRef } from '../../spec/instance';
import type { HiveMetastoreSpec } from '../../spec/kinds/hive-metastore';
import type { TrinoClusterSpec } from '../../spec/kinds/trino-cluster';
import { metastoreThriftUri } from '../hive-metastore/discovery';
import { TrinoCluster } from './trino-cluster';

/** Every HiveMetastore the cluster's catalogs name, with the field naming it. */
function metastoreRefs(spec: TrinoClusterSpec): InstanceRef[] {
  return spec.spec.catalogs.flatMap((catalog, i) =>
    catalog.metastoreRef ? [{ kind: 'HiveMetastore', name: catalog.metastoreRef.name, path: `spec.catalogs[${i}].metastoreRef.name` }] : [],
  );
}

/** TrinoCluster instances → `trino/<name>/`. */
export const trinoComponent: Component<TrinoClusterSpec> = {
  kind: 'TrinoCluster',
  directory: 'trino',
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
