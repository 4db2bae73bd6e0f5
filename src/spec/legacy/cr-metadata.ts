import { z } from 'zod';
import { rfc1123Label, stringMap } from '../schema';

/**
 * `metadata` of an original DataRoaster custom resource. Its `namespace` was the operator's own namespace
 * (e.g. `dataroaster-operator`), not where the component went, so mappings read only `name`.
 */
export const legacyMetadata = z.strictObject({
  name: rfc1123Label,
  namespace: rfc1123Label.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});
