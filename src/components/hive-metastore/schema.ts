import { z } from 'zod';

import type { OwnKind } from '../../core/component';
import { API_VERSION, imageRef, ownKind, pullPolicy, quantity, resources, rfc1123Label } from '../../schema/fields';
import { jarsSource } from '../../schema/jars';
import { podPlacement, requireMemoryLimit } from '../../schema/placement';
import { s3Location } from '../../schema/s3';

export const HIVE_METASTORE_KIND = 'HiveMetastore';

/** The MySQL database holding the metastore's catalog: one StatefulSet with a persistent volume. */
const database = z.strictObject({
  /** @default 'mysql:8.4.6' (official image) */
  image: imageRef.optional(),
  storage: z
    .strictObject({
      /** @default '10Gi' */
      size: quantity.optional(),
      /** Storage class of the data volume. @default - the cluster's default storage class */
      storageClass: rfc1123Label.optional(),
    })
    .optional(),
  /** @default 1Gi memory (request = limit), 250m CPU request */
  resources: resources.optional(),
  placement: podPlacement.optional(),
});

export const hiveMetastoreSpec = z
  .strictObject({
    /**
     * An `apache/hive` image (layout `/opt/hive`, `/opt/hadoop`) whose tag starts with its Hive version
     * (`3.1.3`, `4.0.1`, `3.1.3-mysql`): schematool's command depends on it. 3.1.x is the default because
     * Spark 3.5's built-in Hive 2.3 client cannot read tables from a Hive 4 metastore (docs/runtime.md).
     * @default 'apache/hive:3.1.3'
     */
    image: imageRef.optional(),
    /** The MySQL JDBC driver, which the stock image lacks. @default fetched from Maven Central, SHA-256 checked */
    jars: jarsSource,
    imagePullPolicy: pullPolicy.optional(),
    /** Metastore pods; they are stateless and share the database. @default 2 */
    replicas: z.number().int().min(1, 'must be at least 1').max(20, 'must be at most 20').optional(),
    /** @default 1Gi memory (request = limit), 250m CPU request; the JVM heap is 80% of the memory limit */
    resources: resources.optional(),
    service: z
      .strictObject({
        /** Name of the thrift Service (port 9083). @default metadata.name */
        name: rfc1123Label.optional(),
      })
      .optional(),
    s3: s3Location,
    /** @default 's3a://<s3.bucket>/warehouse' */
    warehouseDir: z
      .string()
      .regex(/^s3a:\/\/[a-z0-9][a-z0-9.-]+[a-z0-9](\/\S*)?$/, 'must be an s3a:// URL')
      .optional(),
    database: database.optional(),
    placement: podPlacement.optional(),
  })
  .superRefine((spec, ctx) => {
    requireMemoryLimit(spec.resources, ['resources'], ctx);
    requireMemoryLimit(spec.database?.resources, ['database', 'resources'], ctx);
  });

export const hiveMetastoreSchema = ownKind(HIVE_METASTORE_KIND, hiveMetastoreSpec);
/** A validated HiveMetastore document (defaults are resolved by the construct). */
export type HiveMetastoreSpec = z.infer<typeof hiveMetastoreSchema>;

export const HIVE_METASTORE_OWN_KIND: OwnKind<HiveMetastoreSpec> = {
  apiVersion: API_VERSION,
  kind: HIVE_METASTORE_KIND,
  schema: hiveMetastoreSchema,
};
