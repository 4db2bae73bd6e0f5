import type { ComponentDefinition } from '../../core/component';
import type { InstanceRef } from '../../core/instance';
import { instanceKey } from '../../core/instance';
import { SpecError } from '../../schema/errors';
import type { HelmRelease } from '../helm-release/schema';
import { metastoreClientProblem } from '../hive-metastore/client-compatibility';
import { metastoreThriftUri } from '../hive-metastore/discovery';
import type { HiveMetastoreSpec } from '../hive-metastore/schema';
import { legacySparkApplication } from './legacy';
import { SPARK_APPLICATION_OWN_KIND, SparkApplication } from './schema';
import { SparkApp } from './spark-app';

function metastoreRefs(app: SparkApplication): InstanceRef[] {
  const ref = app.spec.metastoreRef;
  return ref === undefined ? [] : [{ kind: 'HiveMetastore', name: ref.name, path: 'spec.metastoreRef.name' }];
}

/** The chart of the Kubeflow Spark operator (https://kubeflow.github.io/spark-operator), which installs the SparkApplication CRD. */
export const SPARK_OPERATOR_CHART = 'spark-operator';

/**
 * The operator's release, as a reference: the bootstrap orders referenced instances first (Flux
 * `dependsOn`, Argo CD waves), in the CLI and the API alike, since both take references from here.
 */
function operatorRefs(app: SparkApplication): InstanceRef[] {
  const ref = app.spec.operatorRef;
  return ref === undefined ? [] : [{ kind: 'HelmRelease', name: ref.name, path: 'spec.operatorRef.name' }];
}

/** SparkApplication instances → `spark-apps/<name>/`. */
export const sparkApplication: ComponentDefinition<SparkApplication> = {
  kind: SPARK_APPLICATION_OWN_KIND,
  legacy: [legacySparkApplication],
  folder: 'spark-apps',
  endpoint: { name: 'spark_application', title: 'Spark application', params: {} },
  // hostPath volumes (only with `allowHostPath: true`) are refused by every Pod Security level but privileged.
  podSecurity: (app) => (app.spec.volumes.some((v) => v.hostPath !== undefined) ? 'privileged' : 'restricted'),
  references: (app) => [...metastoreRefs(app), ...operatorRefs(app)],
  // A batch run ends (Complete or Failed): Flux must not hold the instance not-Ready for it.
  deployment: (app) => (app.spec.type === 'Batch' ? { batch: true } : {}),
  build(chart, app, ctx) {
    for (const ref of operatorRefs(app)) {
      const release = ctx.find<HelmRelease>('HelmRelease', ref.name);
      if (release && release.spec.chart !== SPARK_OPERATOR_CHART) {
        throw new SpecError(instanceKey(app), [
          {
            path: ref.path,
            message: `HelmRelease "${ref.name}" installs chart "${release.spec.chart}", not the Kubeflow Spark operator ("${SPARK_OPERATOR_CHART}")`,
          },
        ]);
      }
    }
    const metastoreUris = metastoreRefs(app).flatMap((ref) => {
      const metastore = ctx.find<HiveMetastoreSpec>('HiveMetastore', ref.name);
      const problem = metastore && metastoreClientProblem(app.spec.image, metastore, app.spec.confs);
      if (problem) throw new SpecError(instanceKey(app), [{ path: ref.path, message: problem }]);
      return metastore ? [metastoreThriftUri(metastore)] : [];
    });
    new SparkApp(chart, 'spark', { spec: app, metastoreUris: metastoreUris.length ? metastoreUris : (app.spec.metastoreUris ?? []) });
  },
};
