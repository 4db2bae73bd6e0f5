import { SpecError } from '../errors';
import type { LegacyParams } from '../kind';

/**
 * Maps an original SparkApplication that is not a thrift server (a batch or streaming job) onto the
 * Spark application own kind. Placeholder until the Spark application component lands; it replaces this body.
 */
export function sparkApplicationToOwnKind(_data: unknown, source: string, _params: LegacyParams): unknown {
  throw new SpecError(source, [{ path: 'spec.core.class', message: 'Spark applications other than the thrift server are not supported yet' }]);
}
