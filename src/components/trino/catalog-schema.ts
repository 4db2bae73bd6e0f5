import { z } from 'zod';

import { rfc1123Label } from '../../schema/fields';
import { propertyName, propertyValue } from './properties-schema';

/** Properties a catalog sets through typed fields instead. */
const TYPED_PROPERTIES: Readonly<Record<string, string>> = {
  'connector.name': 'connector',
};

/**
 * One Trino catalog: the file `/etc/trino/catalog/<name>.properties` on every node.
 * @see https://trino.io/docs/current/admin/properties.html
 */
export const trinoCatalog = z
  .strictObject({
    /** Catalog name as SQL sees it (`hive` in `hive.sales.orders`). Lower-case letters, digits, `_`. */
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a catalog name (lower-case letters, digits and "_", starting with a letter)'),
    /** The connector (`connector.name`), e.g. `hive`, `iceberg`, `delta_lake`, `tpch`. */
    connector: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a connector name like "hive" or "iceberg"'),
    /**
     * A HiveMetastore instance of the platform, by name: sets `hive.metastore.uri` to its thrift
     * Service, so the catalog follows the metastore wherever it is synthesized.
     */
    metastoreRef: z.strictObject({ name: rfc1123Label }).optional(),
    /**
     * Further properties of the catalog file. Values under secret-looking keys (ending in `-key`,
     * `password`, `secret`, `token`) go into the Secret `<instance>-credentials` and are read with
     * `${ENV:…}`; `{secretKeyRef: {name, key}}` reads a value from a Secret you manage.
     * @default {}
     */
    properties: z.record(propertyName, propertyValue).default({}),
  })
  .superRefine((catalog, ctx) => {
    for (const [key, field] of Object.entries(TYPED_PROPERTIES)) {
      if (key in catalog.properties) ctx.addIssue({ code: 'custom', path: ['properties', key], message: `set by "${field}"` });
    }
    if (catalog.metastoreRef && 'hive.metastore.uri' in catalog.properties) {
      ctx.addIssue({ code: 'custom', path: ['properties', 'hive.metastore.uri'], message: 'set by "metastoreRef": give one or the other' });
    }
  });
export type TrinoCatalog = z.infer<typeof trinoCatalog>;
