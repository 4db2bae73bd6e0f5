import type { ComponentDefinition } from '../../core/component';
import type { InstanceRef } from '../../core/instance';
import { instanceKey } from '../../core/instance';
import { base64KeyParam, sizeGiParam, storageClassParam } from '../../schema/api-params';
import { SpecError } from '../../schema/errors';
import { metastoreClientProblem } from '../hive-metastore/client-compatibility';
import { metastoreThriftUri } from '../hive-metastore/discovery';
import { HIVE_METASTORE_KIND, HiveMetastoreSpec } from '../hive-metastore/schema';
import { DEFAULT_SPARK_IMAGE } from './defaults';
import { legacySparkThriftServer } from './legacy';
import { SPARK_THRIFT_SERVER_OWN_KIND, SparkThriftServerSpec } from './schema';
import { SparkThriftServer } from './spark-thrift-server';

function metastoreRefs(spec: SparkThriftServerSpec): InstanceRef[] {
  const ref = spec.spec.metastoreRef;
  return ref ? [{ kind: HIVE_METASTORE_KIND, name: ref.name, path: 'spec.metastoreRef.name' }] : [];
}

/** SparkThriftServer instances → `spark-thrift-server/<name>/`; a metastoreRef resolves to that metastore's thrift URI. */
export const sparkThriftServer: ComponentDefinition<SparkThriftServerSpec> = {
  kind: SPARK_THRIFT_SERVER_OWN_KIND,
  legacy: [legacySparkThriftServer],
  folder: 'spark-thrift-server',
  endpoint: {
    name: 'spark_thrift_server',
    title: 'Spark thrift server',
    params: {
      nfs_storage_class: storageClassParam('the NFS provisioner'),
      nfs_storage_size: sizeGiParam('NFS storage'),
      s3_access_key: base64KeyParam('S3 access key'),
      s3_secret_key: base64KeyParam('S3 secret key'),
      pvc_size: sizeGiParam('Each persistent volume claim'),
    },
  },
  references: metastoreRefs,
  build(chart, spec, ctx) {
    const ref = spec.spec.metastoreRef;
    // The engine checked the reference exists before building.
    const metastore = ref ? ctx.find<HiveMetastoreSpec>(HIVE_METASTORE_KIND, ref.name)! : undefined;
    const problem = metastore && metastoreClientProblem(spec.spec.image ?? DEFAULT_SPARK_IMAGE, metastore, spec.spec.confs ?? {});
    if (problem) throw new SpecError(instanceKey(spec), [{ path: 'spec.metastoreRef.name', message: problem }]);
    const metastoreUris = metastore ? [metastoreThriftUri(metastore)] : (spec.spec.metastoreUris ?? []);
    new SparkThriftServer(chart, 'spark-thrift-server', { spec, metastoreUris });
  },
};
