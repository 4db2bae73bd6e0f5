import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';

import { renderProperties } from '../common/properties';
import type { TrinoCatalog } from './catalog-schema';
import type { CredentialStore } from './credentials';
import { CatalogS3, catalogS3Properties, FILE_SYSTEM_CONNECTORS } from './versions';

/** The catalog files (`<name>.properties`) of a cluster, and the env vars their credentials need. */
export interface CatalogFiles {
  /** ConfigMap `data`, mounted as /etc/trino/catalog on every node. */
  readonly data: Record<string, string>;
  readonly env: readonly k8s.EnvVar[];
}

/**
 * Renders catalogs: `connector.name` from `connector`, `hive.metastore.uri` from the referenced
 * metastore, credentials moved into `credentials` (`${ENV:CATALOG_<NAME>_<PROPERTY>}`). A file-system
 * catalog on a referenced metastore also gets that metastore's S3 store in the keys the image's release
 * reads (`catalogS3Properties`), unless it configures a file system itself: without one, Trino ≥ 458
 * starts but fails every `s3a://` read ("No factory for location").
 * @param metastoreUris thrift URI of every HiveMetastore a catalog references, by instance name
 * @param metastoreStores S3 store of those metastores, by instance name
 * @param release Trino release of the image (`trinoRelease`)
 */
export function catalogFiles(
  catalogs: readonly TrinoCatalog[],
  metastoreUris: Readonly<Record<string, string>>,
  credentials: CredentialStore,
  metastoreStores: Readonly<Record<string, CatalogS3>> = {},
  release?: number,
): CatalogFiles {
  const data: Record<string, string> = {};
  const env: k8s.EnvVar[] = [];
  for (const catalog of catalogs) {
    const hidden = credentials.hide(catalog.properties, { keyPrefix: `${catalog.name}.`, envPrefix: `CATALOG_${catalog.name}_` });
    const metastore = catalog.metastoreRef && metastoreUris[catalog.metastoreRef.name];
    if (catalog.metastoreRef && metastore === undefined)
      throw new Error(`catalog ${catalog.name}: no thrift URI for HiveMetastore "${catalog.metastoreRef.name}"`);
    const store = catalog.metastoreRef && metastoreStores[catalog.metastoreRef.name];
    // The metastore's store is a default: given keys win, and a catalog enabling a file system itself (or
    // using the legacy keys) is left alone. Credentials alone (`s3.aws-access-key`, …) merge with it.
    const ownFileSystem = Object.keys(catalog.properties).some((key) => /^(fs\.|hive\.s3[.-])/.test(key));
    const s3 = store && FILE_SYSTEM_CONNECTORS.includes(catalog.connector) && !ownFileSystem ? catalogS3Properties(release, store) : {};
    data[`${catalog.name}.properties`] = renderProperties({
      ...s3,
      ...hidden.properties,
      'connector.name': catalog.connector,
      ...(metastore === undefined ? {} : { 'hive.metastore.uri': metastore }),
    });
    env.push(...hidden.env);
  }
  return { data, env };
}
