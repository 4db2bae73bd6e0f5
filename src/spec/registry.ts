import type { LegacyKind, OwnKind } from './kind';
import { helmReleaseSchema } from './kinds/helm-release';
import { sparkApplicationSchema } from './kinds/spark-application';
import { API_VERSION } from './schema';

/** Every own spec kind DataRoaster accepts. */
export const OWN_KINDS: readonly OwnKind<any>[] = [
  { apiVersion: API_VERSION, kind: 'SparkApplication', schema: sparkApplicationSchema },
  { apiVersion: API_VERSION, kind: 'HelmRelease', schema: helmReleaseSchema },
];

/** Every original DataRoaster input kind, each mapped onto an own kind. */
export const LEGACY_KINDS: readonly LegacyKind[] = [];
