import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { generatedSecretValue } from '../../core/generated-secret';
import { parseWith } from '../../schema/fields';
import { standardLabels } from '../common/labels';
import { catalogFiles } from './catalogs';
import { roleConfig, SHARED_SECRET_ENV } from './config-files';
import { TrinoCoordinator } from './coordinator';
import { CredentialStore } from './credentials';
import { TrinoNames, trinoNames } from './names';
import type { RoleContext } from './role-context';
import { trinoClusterSchema, TrinoClusterSpec } from './schema';
import { CatalogS3, trinoRelease } from './versions';
import { TrinoWorkers } from './worker';

export interface TrinoClusterProps {
  /** The validated own-kind document (defaults applied), e.g. from `loadSpecs`. */
  readonly spec: TrinoClusterSpec;
  /**
   * Thrift URI of every HiveMetastore a catalog names in `metastoreRef`, by instance name.
   * @default {}
   */
  readonly metastoreUris?: Readonly<Record<string, string>>;
  /** S3 store of every HiveMetastore a catalog references, by instance name. @default {} */
  readonly metastoreStores?: Readonly<Record<string, CatalogS3>>;
}

/**
 * A Trino cluster: coordinator, workers, their configuration, catalogs and credentials, in the Chart's
 * namespace. Credentials never stay in a ConfigMap: they go to the Secret `<name>-credentials`
 * (and the generated `<name>-shared-secret`), which the engine seals.
 */
export class TrinoCluster extends Construct {
  readonly names: TrinoNames;
  /** Where clients and workers reach the coordinator: `http://<name>.<namespace>.svc:<port>`. */
  readonly coordinatorUrl: string;

  constructor(scope: Construct, id: string, props: TrinoClusterProps) {
    super(scope, id);
    const { metadata, spec } = props.spec;
    // Hand-made props (not from the loader) get the same checks as a spec file: the one schema.
    parseWith(trinoClusterSchema, props.spec, `${props.spec.kind}/${props.spec.metadata.name}`);
    const namespace = Chart.of(this).namespace ?? metadata.namespace;
    this.names = trinoNames(metadata.name, spec.serviceAccountName);
    this.coordinatorUrl = `http://${this.names.service}.${namespace}.svc:${spec.httpPort}`;
    const labels = standardLabels({ name: 'trino', instance: metadata.name, component: 'cluster', version: spec.image.tag });

    new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: this.names.serviceAccount, labels },
      automountServiceAccountToken: false,
    });

    const credentials = new CredentialStore(this.names.credentials);
    const catalogs = catalogFiles(spec.catalogs, props.metastoreUris ?? {}, credentials, props.metastoreStores, trinoRelease(spec.image.tag));
    new k8s.KubeConfigMap(this, 'catalogs', { metadata: { name: this.names.catalogs, labels }, data: catalogs.data });

    const sharedSecretRef = spec.sharedSecret?.secretKeyRef ?? { name: this.names.sharedSecret, key: 'shared-secret' };
    if (!spec.sharedSecret) {
      new k8s.KubeSecret(this, 'shared-secret', {
        metadata: { name: this.names.sharedSecret, labels },
        type: 'Opaque',
        stringData: { 'shared-secret': generatedSecretValue(32) },
      });
    }
    const env = [{ name: SHARED_SECRET_ENV, valueFrom: { secretKeyRef: { ...sharedSecretRef } } }, ...catalogs.env];
    const context = (role: 'coordinator' | 'worker'): RoleContext => ({
      instance: metadata.name,
      spec,
      names: this.names,
      config: roleConfig(role, { spec, coordinatorUrl: this.coordinatorUrl, credentials }),
      env,
      catalogData: catalogs.data,
    });
    new TrinoCoordinator(this, 'coordinator', context('coordinator'));
    new TrinoWorkers(this, 'worker', context('worker'));

    // After both roles: their config overrides may hold credentials too.
    if (Object.keys(credentials.data).length > 0) {
      new k8s.KubeSecret(this, 'credentials', {
        metadata: { name: this.names.credentials, labels },
        type: 'Opaque',
        stringData: credentials.data,
      });
    }
  }
}
