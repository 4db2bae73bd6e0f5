import type { Component } from '../../engine/component';
import type { InstanceRef } from '../../spec/instance';
import { HIVE_METASTORE_KIND } from '../../spec/kinds/hive-metastore';
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
    const metastoreUris = ref ? [metastoreThriftUri(ctx.find(HIVE_METASTORE_KIND, ref.name)!)] : (spec.spec.metastoreUris ?? []);
    new SparkThriftServer(chart, 'spark-thrift-server', { spec, metastoreUris });
  },
};
