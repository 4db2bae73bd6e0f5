import type { ComponentDefinition } from '../../core/component';
import { sizeGiParam, storageClassParam } from '../../schema/api-params';
import { HiveMetastore } from './hive-metastore';
import { legacyHiveMetastoreChart } from './legacy';
import { HIVE_METASTORE_OWN_KIND, HiveMetastoreSpec } from './schema';

/** HiveMetastore instances → `hive-metastore/<name>/`. */
export const hiveMetastore: ComponentDefinition<HiveMetastoreSpec> = {
  kind: HIVE_METASTORE_OWN_KIND,
  legacy: [legacyHiveMetastoreChart],
  folder: 'hive-metastore',
  endpoint: {
    name: 'hive_metastore',
    title: 'Hive metastore (with its MySQL database)',
    params: { mysql_storage_class: storageClassParam('MySQL'), mysql_storage_size: sizeGiParam('MySQL storage') },
  },
  build(chart, spec) {
    new HiveMetastore(chart, 'hive-metastore', { spec });
  },
};
