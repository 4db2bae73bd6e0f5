import { z } from 'zod';
import { HIVE_METASTORE_KIND } from '../../src/spec/kinds/hive-metastore';
import { SPARK_THRIFT_SERVER_KIND } from '../../src/spec/kinds/spark-thrift-server';
import { TRINO_CLUSTER_OWN_KIND } from '../../src/spec/kinds/trino-cluster';
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
  /** The own kind this endpoint creates, lists and deletes; a document that maps to another kind is refused. */
  readonly kind: string;
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

/**
 * Own kinds of components that are not registered yet (their engineer's branch is pending). Their
 * endpoints are wired the same way and answer 400 "unsupported kind" until the kinds are registered.
 */
const SPARK_APPLICATION_KIND = 'SparkApplication';
const HELM_RELEASE_KIND = 'HelmRelease';

const own = (kind: string): DocumentType => ({ apiVersion: API_VERSION, kind });

// Optional, as the legacy mappings treat them: absent sizes and classes take the defaults, and without
// S3 keys the thrift server uses the Secret its custom resource names, which must then exist.
const storageClass = (what: string) => resourceName().optional().describe(`Storage class for ${what}. @default the cluster's default`);
const sizeGi = (what: string) => positiveInteger().optional().describe(`${what} size in Gi.`);
const base64Key = (what: string) => base64String().optional().describe(`${what}, base64-encoded. @default - the Secret the custom resource names must exist`);

export const ENDPOINTS: readonly ComponentEndpoint[] = [
  {
    name: 'hive_metastore',
    component: 'hive-metastore',
    title: 'Hive metastore (with its MySQL database)',
    kind: HIVE_METASTORE_KIND,
    accepts: [LEGACY.helmChart, own(HIVE_METASTORE_KIND)],
    params: { mysql_storage_class: storageClass('MySQL'), mysql_storage_size: sizeGi('MySQL storage') },
  },
  {
    name: 'spark_thrift_server',
    component: 'spark-thrift-server',
    title: 'Spark thrift server',
    kind: SPARK_THRIFT_SERVER_KIND,
    accepts: [LEGACY.sparkApplication, own(SPARK_THRIFT_SERVER_KIND)],
    params: {
      nfs_storage_class: storageClass('the NFS provisioner'),
      nfs_storage_size: sizeGi('NFS storage'),
      s3_access_key: base64Key('S3 access key'),
      s3_secret_key: base64Key('S3 secret key'),
      pvc_size: sizeGi('Each persistent volume claim'),
    },
  },
  { name: 'trino', component: 'trino', title: 'Trino cluster', kind: TRINO_CLUSTER_OWN_KIND.kind, accepts: [LEGACY.trinoCluster, own(TRINO_CLUSTER_OWN_KIND.kind)], params: {} },
  {
    name: 'spark_application',
    component: 'spark-application',
    title: 'Spark application',
    kind: SPARK_APPLICATION_KIND,
    accepts: [LEGACY.sparkApplication, own(SPARK_APPLICATION_KIND)],
    params: {},
  },
  { name: 'trino_gateway', component: 'trino-gateway', title: 'Trino gateway', kind: 'TrinoGateway', accepts: [own('TrinoGateway')], params: {} },
  {
    name: 'helm_chart',
    component: 'helm-chart',
    title: 'Helm release',
    kind: HELM_RELEASE_KIND,
    accepts: [LEGACY.helmChart, own(HELM_RELEASE_KIND)],
    params: {},
  },
];

export const ENDPOINT_NAMES: readonly string[] = ENDPOINTS.map((e) => e.name);
