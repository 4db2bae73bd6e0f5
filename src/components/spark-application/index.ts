import type { ComponentDefinition } from '../../core/component';
import { legacySparkApplication } from './legacy';
import type { InstanceRef } from '../../core/instance';
import { SPARK_APPLICATION_OWN_KIND, SparkApplication } from './schema';
import { instanceKey } from '../../core/instance';
import { SpecError } from '../../schema/errors';
import type { HiveMetastoreSpec } from '../hive-metastore/schema';
import { metastoreClientProblem } from '../hive-metastore/client-compatibility';
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
  // A batch run ends (Complete or Failed): Flux must not hold the instance not-Ready for it.
  deployment: (app) => (app.spec.type === 'Batch' ? { batch: true } : {}),
  build(chart, app, ctx) {
    const metastoreUris = metastoreRefs(app).flatMap((ref) => {
      const metastore = ctx.find<HiveMetastoreSpec>('HiveMetastore', ref.name);
      const problem = metastore && metastoreClientProblem(app.spec.image, metastore, app.spec.confs);
      if (problem) throw new SpecError(instanceKey(app), [{ path: ref.path, message: problem }]);
      return metastore ? [metastoreThriftUri(metastore)] : [];
    });
    new SparkApp(chart, 'spark', { spec: app, metastoreUris: metastoreUris.length ? metastoreUris : (app.spec.metastoreUris ?? []) });
  },
};
