import type { Component } from '../../engine/component';
import type { InstanceRef } from '../../spec/instance';
import type { SparkApplication } from '../../spec/kinds/spark-application';
import { SpecError } from '../../spec/errors';
import { instanceKey } from '../../spec/instance';
import type { HiveMetastoreSpec } from '../../spec/kinds/hive-metastore';
import { metastoreClientProblem } from '../hive-metastore/client-compatibility';
import { metastoreThriftUri } from '../hive-metastore/discovery';
import { SparkApp } from './spark-app';

function metastoreRefs(app: SparkApplication): InstanceRef[] {
  const ref = app.spec.metastoreRef;
  return ref === undefined ? [] : [{ kind: 'HiveMetastore', name: ref.name, path: 'spec.metastoreRef.name' }];
}

/** SparkApplication instances → `spark-apps/<name>/`. */
export const sparkApplicationComponent: Component<SparkApplication> = {
  kind: 'SparkApplication',
  directory: 'spark-apps',
  // hostPath volumes (only with `allowHostPath: true`) are refused by every Pod Security level but privileged.
  podSecurity: (app) => (app.spec.volumes.some((v) => v.hostPath !== undefined) ? 'privileged' : 'restricted'),
  references: metastoreRefs,
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
