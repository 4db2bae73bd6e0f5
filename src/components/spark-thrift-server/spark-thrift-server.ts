import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { resolveJars } from '../../schema/jars';
import { versionLabelOf } from '../common/image';
import { jarFetcherContainer, S3A_JARS } from '../common/jars';
import { selectorLabels, standardLabels } from '../common/labels';
import { renderProperties } from '../common/properties';
import { s3CredentialEnv, s3CredentialsSecret, s3SecretRef } from '../common/s3-credentials';
import * as defaults from './defaults';
import { ThriftDriver } from './driver';
import { executorPodTemplate } from './executor-template';
import { podMemoryMiB } from './memory';
import { ThriftServerNames, thriftServerNames } from './names';
import { DriverRbac } from './rbac';
import type { SparkThriftServerSpec } from './schema';
import { sparkDefaults } from './spark-conf';
import { claims, driverVolumes } from './volumes';

export interface SparkThriftServerProps {
  /** The validated own-kind document. */
  readonly spec: SparkThriftServerSpec;
  /** Metastore URIs: resolved from `spec.metastoreRef` by the component, else `spec.metastoreUris`. */
  readonly metastoreUris: readonly string[];
}

/**
 * A Spark thrift server (JDBC/ODBC over HiveServer2's protocol) in the Chart's namespace: driver
 * Deployment in client mode, its headless and client Services, ServiceAccount with a namespaced Role,
 * spark-defaults.conf and executor pod template, the claims of `spec.volumes` (ReadWriteMany), and the
 * S3 key Secret when the spec gives keys.
 */
export class SparkThriftServer extends Construct {
  readonly names: ThriftServerNames;
  /** `jdbc:hive2://<service>.<namespace>.svc:<jdbcPort>/` */
  readonly jdbcUrl: string;

  constructor(scope: Construct, id: string, props: SparkThriftServerProps) {
    super(scope, id);
    const { metadata, spec } = props.spec;
    const namespace = Chart.of(this).namespace ?? metadata.namespace;
    this.names = thriftServerNames(props.spec);
    const image = spec.image ?? defaults.DEFAULT_SPARK_IMAGE;
    const imagePullPolicy = spec.imagePullPolicy ?? 'IfNotPresent';
    const jdbcPort = spec.service?.jdbcPort ?? defaults.DEFAULT_JDBC_PORT;
    const uiPort = spec.service?.uiPort ?? defaults.DEFAULT_UI_PORT;
    this.jdbcUrl = `jdbc:hive2://${this.names.service}.${namespace}.svc:${jdbcPort}/`;
    const identity = { name: 'spark-thrift-server', instance: metadata.name, version: versionLabelOf(image) };
    const labels = standardLabels({ ...identity, component: 'driver' });
    const runAs = {
      user: spec.securityContext?.runAsUser ?? defaults.SPARK_USER.user,
      group: spec.securityContext?.runAsGroup ?? defaults.SPARK_USER.group,
      fsGroup: spec.securityContext?.fsGroup,
    };

    new DriverRbac(this, 'rbac', { names: this.names, namespace, labels });
    const s3Secret = s3SecretRef(metadata.name, spec.s3.credentials);
    s3CredentialsSecret(this, 's3-secret', s3Secret, spec.s3.credentials, labels);
    claims(this, spec.volumes ?? [], labels);

    const jars = resolveJars(spec.jars);
    const jarFetcher =
      jars.source === 'maven'
        ? jarFetcherContainer({
            jars: S3A_JARS,
            repository: jars.repository,
            image: jars.fetcherImage,
            imagePullPolicy,
            volumeName: defaults.EXTRA_JARS_VOLUME,
            mountPath: defaults.EXTRA_JARS_DIR,
          })
        : undefined;
    const extraJarsDir = jarFetcher ? defaults.EXTRA_JARS_DIR : undefined;
    const configData = {
      [defaults.EXECUTOR_TEMPLATE_FILE]: executorPodTemplate({
        labels: standardLabels({ ...identity, component: 'executor' }),
        runAs,
        placement: spec.executor?.placement,
        jarFetcher,
      }),
      'spark-defaults.conf': renderProperties(
        sparkDefaults({
          spec: props.spec,
          names: this.names,
          namespace,
          image,
          imagePullPolicy,
          metastoreUris: props.metastoreUris,
          s3Secret,
          jdbcPort,
          uiPort,
          extraJarsDir,
        }),
      ),
    };
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: this.names.config, labels }, data: configData });

    const driver = spec.driver;
    const volumes = driverVolumes(spec.volumes ?? [], driver?.volumeMounts ?? []);
    const memory = `${podMemoryMiB(driver?.memory ?? defaults.DEFAULT_DRIVER_MEMORY, driver?.memoryOverhead)}Mi`;
    new ThriftDriver(this, 'driver', {
      names: this.names,
      labels: { ...driver?.labels, ...labels },
      selector: selectorLabels({ ...identity, component: 'driver' }),
      annotations: driver?.annotations,
      image,
      imagePullPolicy,
      runAs,
      placement: driver?.placement,
      jdbcPort,
      uiPort,
      resources: {
        requests: { cpu: k8s.Quantity.fromString(driver?.cores ?? defaults.DEFAULT_DRIVER_CORES), memory: k8s.Quantity.fromString(memory) },
        limits: {
          memory: k8s.Quantity.fromString(memory),
          ...(driver?.coreLimit === undefined ? {} : { cpu: k8s.Quantity.fromString(driver.coreLimit) }),
        },
      },
      env: [...s3CredentialEnv(s3Secret), ...(volumes.localDirs.length ? [{ name: 'SPARK_LOCAL_DIRS', value: volumes.localDirs.join(',') }] : [])],
      volumes: [...volumes.volumes, ...(jarFetcher ? [{ name: defaults.EXTRA_JARS_VOLUME, emptyDir: {} }] : [])],
      mounts: [...volumes.mounts, ...(jarFetcher ? [{ name: defaults.EXTRA_JARS_VOLUME, mountPath: defaults.EXTRA_JARS_DIR, readOnly: true }] : [])],
      initContainers: jarFetcher ? [jarFetcher] : [],
      configData,
      args: spec.args ?? [],
      instanceLabels: { 'app.kubernetes.io/name': identity.name, 'app.kubernetes.io/instance': identity.instance },
    });
  }
}
