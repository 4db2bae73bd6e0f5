import type { ComponentDefinition } from '../../core/component';
import { legacySparkApplication } from './legacy';
import type { InstanceRef } from '../../core/instance';
import { SPARK_APPLICATION_OWN_KIND, SparkApplication } from './schema';
import { metastoreThriftUri } from '../hive-metastore/discovery';
import { SparkApp } from './spark-app';

function metastoreRefs(app: SparkApplication): InstanceRef[] {
  const ref = app.spec.metastoreRef;
  return ref === undefined ? [] : [{ kind: 'HiveMetastore', name: ref.name, path: 'spec.metastoreRef.name' }];
}

/** SparkApplication instances → `spark-apps/<name>/`. */
export const sparkApplication: ComponentDefinition<SparkApplication> = {
  kind: SPARK_APPLICATION_OWN_KIND,
  legacy: [legacySparkApplication],
  folder: 'spark-apps',
  endpoint: { name: 'spark_application', title: 'Spark application', params: {} },
  // hostPath volumes (only with `allowHostPath: true`) are refused by every Pod Security level but privileged.
  podSecurity: (app) => (app.spec.volumes.some((v) => v.hostPath !== undefined) ? 'privileged' : 'restricted'),
  references: metastoreRefs,
  build(chart, app, ctx) {
    const metastoreUris = metastoreRefs(app).flatMap((ref) => {
      const metastore = ctx.find('HiveMetastore', ref.name);
      return metastore ? [metastoreThriftUri(metastore)] : [];
    });
    new SparkApp(chart, 'spark', { spec: app, metastoreUris: metastoreUris.length ? metastoreUris : (app.spec.metastoreUris ?? []) });
  },
};
