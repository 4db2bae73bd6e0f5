import { z } from 'zod';
import { API_VERSION } from '../../src/spec/schema';
import { base64String, positiveInteger, resourceName } from '../http/param-types';

/** A document type (`apiVersion` + `kind`) an endpoint accepts in its `yaml` parameter. */
export interface DocumentType {
  readonly apiVersion: string;
  readonly kind: string;
}

/** One component family of the v1 API: `/v1/<name>/{create,list,delete}`. */
export interface ComponentEndpoint {
  /** URL segment, as in the original API: `hive_metastore`. */
  readonly name: string;
  /** Component name shown in lists, as the original showed it: `hive-metastore`. */
  readonly component: string;
  readonly title: string;
  /** Document types `yaml` may hold: the original custom resource and the own kind. */
  readonly accepts: readonly DocumentType[];
  /** Parameters beside `yaml` that the original endpoint took (passed to the legacy mapping). */
  readonly params: z.ZodRawShape;
}

const LEGACY = {
  helmChart: { apiVersion: 'helm-operator.cloudchef-labs.com/v1beta1', kind: 'HelmChart' },
  sparkApplication: { apiVersion: 'spark-operator.cloudchef-labs.com/v1alpha1', kind: 'SparkApplication' },
  trinoCluster: { apiVersion: 'trino-operator.cloudchef-labs.com/v1beta1', kind: 'TrinoCluster' },
} as const;

const own = (kind: string): DocumentType => ({ apiVersion: API_VERSION, kind });

const storageClass = (what: string) => resourceName().describe(`Storage class for ${what}.`);
const sizeGi = (what: string) => positiveInteger().describe(`${what} size in Gi.`);
const base64Key = (what: string) => base64String().describe(`${what}, base64-encoded.`);

export const ENDPOINTS: readonly ComponentEndpoint[] = [
  {
    name: 'hive_metastore',
    component: 'hive-metastore',
    title: 'Hive metastore (with its MySQL database)',
    accepts: [LEGACY.helmChart, own('HiveMetastore')],
    params: { mysql_storage_class: storageClass('MySQL'), mysql_storage_size: sizeGi('MySQL storage') },
  },
  {
    name: 'spark_thrift_server',
    component: 'spark-thrift-server',
    title: 'Spark thrift server',
    accepts: [LEGACY.sparkApplication, own('SparkThriftServer')],
    params: {
      nfs_storage_class: storageClass('the NFS provisioner'),
      nfs_storage_size: sizeGi('NFS storage'),
      s3_access_key: base64Key('S3 access key'),
      s3_secret_key: base64Key('S3 secret key'),
      pvc_size: sizeGi('Each persistent volume claim'),
    },
  },
  { name: 'trino', component: 'trino', title: 'Trino cluster', accepts: [LEGACY.trinoCluster, own('TrinoCluster')], params: {} },
  {
    name: 'spark_application',
    component: 'spark-application',
    title: 'Spark application',
    accepts: [LEGACY.sparkApplication, own('SparkApplication')],
    params: {},
  },
  { name: 'helm_chart', component: 'helm-chart', title: 'Helm release', accepts: [LEGACY.helmChart, own('HelmRelease')], params: {} },
];

export const ENDPOINT_NAMES: readonly string[] = ENDPOINTS.map((e) => e.name);
