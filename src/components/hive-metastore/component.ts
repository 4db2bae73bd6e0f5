import type { Component } from '../../engine/component';
import { HIVE_METASTORE_KIND, HiveMetastoreSpec } from '../../spec/kinds/hive-metastore';
import { HiveMetastore } from './hive-metastore';

/** HiveMetastore instances → `hive-metastore/<name>/`. */
export const hiveMetastoreComponent: Component<HiveMetastoreSpec> = {
  kind: HIVE_METASTORE_KIND,
  directory: 'hive-metastore',
  build(chart, spec) {
    new HiveMetastore(chart, 'hive-metastore', { spec });
  },
};
