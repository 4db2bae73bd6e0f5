import { z } from 'zod';

import type { LegacyKind, LegacyParams } from '../../core/component';
import { SpecError } from '../../schema/errors';
import { API_VERSION, imageRef, parseWith, rfc1123Label } from '../../schema/fields';
import { compact, gibibytesParam, parseEmbeddedYaml, storageClassParam } from '../../schema/legacy';
import { HELM_CHART_API_VERSION, HELM_CHART_KIND, helmChartSchema, isHiveMetastoreChart } from '../../schema/legacy-helm-chart';
import { s3Bucket, s3Endpoint, s3Region } from '../../schema/s3';
import { HIVE_METASTORE_KIND } from './schema';

/**
 * The original chart's Service name: Trino catalogs and Spark thrift servers of the original hard-code
 * `thrift://metastore.<namespace>.svc:9083`, so a legacy metastore keeps answering there.
 */
export const LEGACY_METASTORE_SERVICE = 'metastore';

/**
 * The original image (Hive standalone metastore 3.0.0 on JDK 8, running as root, no `-initOrUpgradeSchema`)
 * has neither the layout nor the user our construct runs; a HelmChart naming it gets the default image.
 */
const LEGACY_IMAGE_REPOSITORY = 'cloudcheflabs/hivemetastore';

const hiveValues = z.strictObject({
  image: imageRef.optional(),
  /** The original chart put its objects here; it must agree with the release namespace. */
  namespace: rfc1123Label.optional(),
  s3: z.strictObject({
    bucket: s3Bucket,
    accessKey: z.string().min(1, 'must not be empty'),
    secretKey: z.string().min(1, 'must not be empty'),
    endpoint: s3Endpoint,
    region: s3Region.optional(),
  }),
  jdbc: z
    .unknown()
    .refine(() => false, 'not supported: DataRoaster generates the database password and keeps it in a Secret')
    .optional(),
});

/**
 * Maps the original HelmChart of chart `dataroaster-hivemetastore` plus the API parameters
 * `mysql_storage_class` and `mysql_storage_size` (whole Gi) onto a HiveMetastore. Without the parameters the
 * database gets 10Gi on the cluster's default storage class.
 */
export function hiveMetastoreFromHelmChart(data: unknown, source: string, params: LegacyParams): unknown {
  const chart = parseWith(helmChartSchema, data, source);
  const values = parseEmbeddedYaml(hiveValues, chart.spec.values ?? '', source, 'spec.values');
  if (values.namespace !== undefined && values.namespace !== chart.spec.namespace) {
    throw new SpecError(source, [{ path: 'spec.values.namespace', message: `must equal spec.namespace ("${chart.spec.namespace}") or be left out` }]);
  }
  const size = gibibytesParam(params, 'mysql_storage_size', source);
  const storageClass = storageClassParam(params, 'mysql_storage_class', source);
  const image = values.image === undefined || values.image.split(/[:@]/)[0] === LEGACY_IMAGE_REPOSITORY ? undefined : values.image;
  const { bucket, endpoint, region, accessKey, secretKey } = values.s3;
  return {
    apiVersion: API_VERSION,
    kind: HIVE_METASTORE_KIND,
    metadata: { name: chart.metadata.name, namespace: chart.spec.namespace },
    spec: compact({
      image,
      service: { name: LEGACY_METASTORE_SERVICE },
      s3: compact({ bucket, endpoint, region, credentials: { accessKey, secretKey } }),
      database: { storage: compact({ size, storageClass }) },
    }),
  };
}

/** The original HelmChart of chart `dataroaster-hivemetastore`, mapped onto a HiveMetastore. */
export const legacyHiveMetastoreChart: LegacyKind = {
  apiVersion: HELM_CHART_API_VERSION,
  kind: HELM_CHART_KIND,
  matches: isHiveMetastoreChart,
  toOwnKind: hiveMetastoreFromHelmChart,
};
