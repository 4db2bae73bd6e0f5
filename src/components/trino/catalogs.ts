import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { renderProperties } from '../common/properties';
import type { TrinoCatalog } from './catalog-schema';
import type { CredentialStore } from './credentials';

/** The catalog files (`<name>.properties`) of a cluster, and the env vars their credentials need. */
export interface CatalogFiles {
  /** ConfigMap `data`, mounted as /etc/trino/catalog on every node. */
  readonly data: Record<string, string>;
  readonly env: readonly k8s.EnvVar[];
}

/**
 * Renders catalogs: `connector.name` from `connector`, `hive.metastore.uri` from the referenced
 * metastore, credentials moved into `credentials` (`${ENV:CATALOG_<NAME>_<PROPERTY>}`).
 * @param metastoreUris thrift URI of every HiveMetastore a catalog references, by instance name
 */
export function catalogFiles(catalogs: readonly TrinoCatalog[], metastoreUris: Readonly<Record<string, string>>, credentials: CredentialStore): CatalogFiles {
  const data: Record<string, string> = {};
  const env: k8s.EnvVar[] = [];
  for (const catalog of catalogs) {
    const hidden = credentials.hide(catalog.properties, { keyPrefix: `${catalog.name}.`, envPrefix: `CATALOG_${catalog.name}_` });
    const metastore = catalog.metastoreRef && metastoreUris[catalog.metastoreRef.name];
    if (catalog.metastoreRef && metastore === undefined) throw new Error(`catalog ${catalog.name}: no thrift URI for HiveMetastore "${catalog.metastoreRef.name}"`);
    data[`${catalog.name}.properties`] = renderProperties({
      ...hidden.properties,
      'connector.name': catalog.connector,
      ...(metastore === undefined ? {} : { 'hive.metastore.uri': metastore }),
    });
    env.push(...hidden.env);
  }
  return { data, env };
}
