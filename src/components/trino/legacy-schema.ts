import { z } from 'zod';

import { passThroughObject, pullPolicy, resources, rfc1123Label, stringMap } from '../../schema/fields';

/**
 * The original DataRoaster TrinoCluster (`trino-operator.cloudchef-labs.com/v1beta1`), field for field.
 * Optional fields may be `null`, as the original examples write them. Unknown fields are refused.
 */
export const LEGACY_TRINO_API_VERSION = 'trino-operator.cloudchef-labs.com/v1beta1';

const config = z.strictObject({
  /** File name, e.g. `config.properties`. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'must be a file name like "config.properties"'),
  /** Directory, e.g. `/etc/trino` or `/etc/trino/catalog`. */
  path: z.string().min(1),
  /** File content. */
  value: z.string(),
});

const roleFields = {
  resources: resources.nullish(),
  nodeSelector: stringMap.nullish(),
  affinity: passThroughObject.nullish(),
  tolerations: z.array(passThroughObject).nullish(),
  initContainers: z.array(passThroughObject).nullish(),
  configs: z.array(config).nullish(),
};

export const legacyTrinoClusterSchema = z.strictObject({
  apiVersion: z.literal(LEGACY_TRINO_API_VERSION),
  kind: z.literal('TrinoCluster'),
  metadata: z.strictObject({
    name: rfc1123Label,
    /** The original operator's own namespace (e.g. `trino-operator`); not where the cluster goes. */
    namespace: rfc1123Label.nullish(),
    labels: stringMap.nullish(),
    annotations: stringMap.nullish(),
  }),
  spec: z.strictObject({
    /** Where the cluster's objects go. */
    namespace: rfc1123Label,
    serviceAccountName: rfc1123Label.nullish(),
    image: z.strictObject({
      repository: z.string(),
      tag: z.string(),
      imagePullPolicy: pullPolicy.nullish(),
      imagePullSecrets: z
        .array(z.union([rfc1123Label, z.strictObject({ name: rfc1123Label })], { error: 'expected a Secret name or {name}' }))
        .nullish(),
    }),
    securityContext: z
      .strictObject({
        runAsUser: z.number().int().nullish(),
        runAsGroup: z.number().int().nullish(),
        fsGroup: z.number().int().nullish(),
        runAsNonRoot: z.literal(true).nullish(),
      })
      .nullish(),
    coordinator: z.strictObject(roleFields),
    worker: z.strictObject({
      ...roleFields,
      replicas: z.number().int().min(1).nullish(),
      autoscaler: z
        .strictObject({
          minReplicas: z.number().int(),
          maxReplicas: z.number().int(),
          targetCPUUtilizationPercentage: z.number().int().nullish(),
        })
        .nullish(),
    }),
  }),
});

export type LegacyTrinoCluster = z.infer<typeof legacyTrinoClusterSchema>;
export type LegacyTrinoRole = LegacyTrinoCluster['spec']['coordinator'] | LegacyTrinoCluster['spec']['worker'];
