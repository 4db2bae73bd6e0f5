/* eslint-disable @typescript-eslint/no-require-imports -- components are loaded on demand, on purpose (CLI start-up) */
import type { ComponentDefinition, Registry } from '../core/component';

/**
 * Every built-in component by the document types it takes (`apiVersion kind`: its own kind, then the
 * original DataRoaster kinds that map onto it), loaded only when asked for: the CLI synthesizes one
 * Trino cluster without building the schemas and constructs of the six other components (issue 11:
 * CLI start-up). Same components and order as REGISTRY; test/components/on-demand.test.ts checks it.
 */
export const ON_DEMAND: readonly { readonly types: readonly string[]; readonly load: () => ComponentDefinition<any> }[] = [
  {
    types: ['dataroaster.io/v1alpha1 TrinoCluster', 'trino-operator.cloudchef-labs.com/v1beta1 TrinoCluster'],
    load: () => (require('./trino') as typeof import('./trino')).trinoCluster,
  },
  {
    types: ['dataroaster.io/v1alpha1 HiveMetastore', 'helm-operator.cloudchef-labs.com/v1beta1 HelmChart'],
    load: () => (require('./hive-metastore') as typeof import('./hive-metastore')).hiveMetastore,
  },
  {
    types: ['dataroaster.io/v1alpha1 SparkThriftServer', 'spark-operator.cloudchef-labs.com/v1alpha1 SparkApplication'],
    load: () => (require('./spark-thrift-server') as typeof import('./spark-thrift-server')).sparkThriftServer,
  },
  {
    types: ['dataroaster.io/v1alpha1 SparkApplication', 'spark-operator.cloudchef-labs.com/v1alpha1 SparkApplication'],
    load: () => (require('./spark-application') as typeof import('./spark-application')).sparkApplication,
  },
  {
    types: ['dataroaster.io/v1alpha1 HelmRelease', 'helm-operator.cloudchef-labs.com/v1beta1 HelmChart'],
    load: () => (require('./helm-release') as typeof import('./helm-release')).helmRelease,
  },
  {
    types: ['dataroaster.io/v1alpha1 DataRoasterServer'],
    load: () => (require('./dataroaster-server') as typeof import('./dataroaster-server')).dataRoasterServer,
  },
  {
    types: ['dataroaster.io/v1alpha1 TrinoGateway'],
    load: () => (require('./trino-gateway') as typeof import('./trino-gateway')).trinoGateway,
  },
];

/** The whole registry (every component loaded). */
export function fullRegistry(): Registry {
  return (require('./registry') as typeof import('./registry')).REGISTRY;
}

/**
 * The components that take these documents (`{ apiVersion, kind }` of each), in REGISTRY order; every
 * component when one of them is of no known type (so the error lists every supported kind, as before).
 */
export function registryFor(documents: Iterable<unknown>): Registry {
  const types = new Set<string>();
  for (const data of documents) {
    const header = data as { apiVersion?: unknown; kind?: unknown } | null;
    if (typeof header?.apiVersion !== 'string' || typeof header.kind !== 'string') return fullRegistry();
    types.add(`${header.apiVersion} ${header.kind}`);
  }
  const wanted = ON_DEMAND.filter((entry) => entry.types.some((type) => types.has(type)));
  const known = new Set(wanted.flatMap((entry) => entry.types));
  if ([...types].some((type) => !known.has(type))) return fullRegistry();
  return wanted.map((entry) => entry.load());
}
