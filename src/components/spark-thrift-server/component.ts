import type { Component } from '../../engine/component';
import type { InstanceRef } from '../../spec/instance';
import { SpecError } from '../../spec/errors';
import { instanceKey } from '../../spec/instance';
import { HIVE_METASTORE_KIND, HiveMetastoreSpec } from '../../spec/kinds/hive-metastore';
import { metastoreClientProblem } from '../hive-metastore/client-compatibility';
import { DEFAULT_SPARK_IMAGE } from './defaults';
import { SPARK_THRIFT_SERVER_KIND, SparkThriftServerSpec } from '../../spec/kinds/spark-thrift-server';
import { metastoreThriftUri } from '../hive-metastore/discovery';
import { SparkThriftServer } from './spark-thrift-server';

function metastoreRefs(spec: SparkThriftServerSpec): InstanceRef[] {
  const ref = spec.spec.metastoreRef;
  return ref ? [{ kind: HIVE_METASTORE_KIND, name: ref.name, path: 'spec.metastoreRef.name' }] : [];
}

/** SparkThriftServer instances → `spark-thrift-server/<name>/`; a metastoreRef resolves to that metastore's thrift URI. */
export const sparkThriftServerComponent: Component<SparkThriftServerSpec> = {
  kind: SPARK_THRIFT_SERVER_KIND,
  directory: 'spark-thrift-server',
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
