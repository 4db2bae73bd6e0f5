import { SpecError } from '../errors';
import type { LegacyParams } from '../kind';

/**
 * Maps an original HelmChart of any chart other than the Hive metastore's onto a Helm release.
 * Placeholder until the Helm release component lands; it replaces this body.
 */
export function helmChartToHelmRelease(_data: unknown, source: string, _params: LegacyParams): unknown {
  throw new SpecError(source, [{ path: 'spec.chartName', message: 'HelmChart releases are not supported yet' }]);
}
