import { Chart } from 'cdk8s';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { Construct } from 'constructs';

import { resolveJvmResources } from '../../core/quantity';
import { resolveJars } from '../../schema/jars';
import { versionLabelOf } from '../common/image';
import { jarFetcherContainer, MYSQL_CONNECTOR_J } from '../common/jars';
import { standardLabels } from '../common/labels';
import { s3CredentialEnv, s3CredentialsSecret, s3SecretRef } from '../common/s3-credentials';
import { DB_PASSWORD_ENV, metastoreConfigData } from './config';
import { DB_PASSWORD_KEY, MetastoreDatabase } from './database';
import * as defaults from './defaults';
import { metastoreThriftUri } from './discovery';
import type { HiveRuntime } from './hive-runtime';
import { MetastoreServer } from './metastore-server';
import { MetastoreNames, metastoreNames } from './names';
import type { HiveMetastoreSpec } from './schema';
import { SchemaJob } from './schema-job';

const JARS_VOLUME = 'jars';

/**
 * Major Hive version of an image from its tag (`apache/hive:4.0.1` → 4, `…:3.1.3-mysql` → 3); a tag that
 * does not start with a version is taken as the default image's.
 */
export function hiveMajorVersion(image: string): number {
  const tag = versionLabelOf(image) ?? '';
  const major = /^(\d+)\./.exec(tag)?.[1];
  return major === undefined ? hiveMajorVersion(defaults.DEFAULT_METASTORE_IMAGE) : Number(major);
}

/** Key of the discovery ConfigMap holding the thrift URI (the key Stackable uses). */
export const DISCOVERY_KEY = 'HIVE';

export interface HiveMetastoreProps {
  /** The validated own-kind document. */
  readonly spec: HiveMetastoreSpec;
}

/**
 * A Hive metastore with its MySQL database, in the Chart's namespace: database (StatefulSet, Services,
 * generated-password Secret, PDB), schema Job, metastore (Deployment, thrift Service, PDB), configuration
 * (hive-site.xml, core-site.xml), S3 key Secret when the spec gives keys, and a discovery ConfigMap.
 */
export class HiveMetastore extends Construct {
  readonly names: MetastoreNames;
  /** `thrift://<service>.<namespace>.svc:9083`, what Trino catalogs and Spark thrift servers use. */
  readonly thriftUri: string;
  readonly schemaJobName: string;

  constructor(scope: Construct, id: string, props: HiveMetastoreProps) {
    super(scope, id);
    const { metadata, spec } = props.spec;
    const namespace = Chart.of(this).namespace ?? metadata.namespace;
    this.names = metastoreNames(props.spec);
    this.thriftUri = metastoreThriftUri({ ...props.spec, metadata: { ...metadata, namespace } });
    const image = spec.image ?? defaults.DEFAULT_METASTORE_IMAGE;
    const imagePullPolicy = spec.imagePullPolicy ?? 'IfNotPresent';
    const databaseImage = spec.database?.image ?? defaults.DEFAULT_DATABASE_IMAGE;
    const identity = { name: 'hive-metastore', instance: metadata.name };
    const version = versionLabelOf(image);
    const labels = standardLabels({ ...identity, component: 'metastore', version });

    const database = new MetastoreDatabase(this, 'database', {
      names: this.names,
      identity,
      namespace,
      image: databaseImage,
      imagePullPolicy,
      version: versionLabelOf(databaseImage),
      storageSize: spec.database?.storage?.size ?? defaults.DEFAULT_STORAGE_SIZE,
      storageClass: spec.database?.storage?.storageClass,
      resources: resolveJvmResources(spec.database?.resources, defaults.DEFAULT_DATABASE_RESOURCES),
      placement: spec.database?.placement,
    });

    const s3Ref = s3SecretRef(metadata.name, spec.s3.credentials);
    s3CredentialsSecret(this, 's3-secret', s3Ref, spec.s3.credentials, labels);
    const configData = metastoreConfigData({
      s3: spec.s3,
      warehouseDir: spec.warehouseDir ?? `s3a://${spec.s3.bucket}/warehouse`,
      jdbcUrl: database.jdbcUrl,
    });
    new k8s.KubeConfigMap(this, 'config', { metadata: { name: this.names.config, labels }, data: configData });
    new k8s.KubeConfigMap(this, 'discovery', { metadata: { name: this.names.discovery, labels }, data: { [DISCOVERY_KEY]: this.thriftUri } });

    const jars = resolveJars(spec.jars);
    const fetchJars = jars.source === 'maven';
    const runtime: HiveRuntime = {
      names: this.names,
      identity,
      version,
      image,
      imagePullPolicy,
      hiveMajor: hiveMajorVersion(image),
      env: [
        { name: 'HIVE_CONF_DIR', value: defaults.HIVE_CONF_DIR },
        { name: 'HADOOP_CONF_DIR', value: defaults.HIVE_CONF_DIR },
        // Puts hadoop-aws and the AWS SDK bundle (shipped in Hadoop's tools/lib) on the classpath.
        { name: 'HADOOP_OPTIONAL_TOOLS', value: 'hadoop-aws' },
        // bin/hive adds every jar of this directory to the classpath (its "auxiliary jars" block), schematool included.
        ...(fetchJars ? [{ name: 'HIVE_AUX_JARS_PATH', value: defaults.AUX_JARS_DIR }] : []),
        { name: DB_PASSWORD_ENV, valueFrom: { secretKeyRef: { name: this.names.databaseSecret, key: DB_PASSWORD_KEY } } },
        ...s3CredentialEnv(s3Ref),
      ],
      configVolumes: [{ name: 'config', configMap: { name: this.names.config } }, ...(fetchJars ? [{ name: JARS_VOLUME, emptyDir: {} }] : [])],
      configMounts: [
        { name: 'config', mountPath: defaults.HIVE_CONF_DIR, readOnly: true },
        ...(fetchJars ? [{ name: JARS_VOLUME, mountPath: defaults.AUX_JARS_DIR, readOnly: true }] : []),
      ],
      initContainers: fetchJars
        ? [
            jarFetcherContainer({
              jars: [MYSQL_CONNECTOR_J],
              repository: jars.repository,
              image: jars.fetcherImage,
              imagePullPolicy,
              volumeName: JARS_VOLUME,
              mountPath: defaults.AUX_JARS_DIR,
            }),
          ]
        : [],
    };
    this.schemaJobName = new SchemaJob(this, 'schema', { ...runtime, database, databaseImage }).name;
    new MetastoreServer(this, 'metastore', {
      ...runtime,
      replicas: spec.replicas ?? defaults.DEFAULT_REPLICAS,
      resources: resolveJvmResources(spec.resources, defaults.DEFAULT_METASTORE_RESOURCES),
      placement: spec.placement,
      configData,
    });
  }
}
