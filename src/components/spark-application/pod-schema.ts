import { z } from 'zod';

import { quantity, rfc1123Label, stringMap } from '../../schema/fields';
import { podPlacement } from '../../schema/placement';
import { sparkMemory } from '../../schema/spark-values';

const absolutePath = z.string().regex(/^\/.*/, 'must be an absolute path');

/**
 * The pod-level security settings a spec may change. Everything else is fixed to the restricted Pod
 * Security Standard (non-root, RuntimeDefault seccomp, no privilege escalation, no capabilities).
 */
export const podSecurityContext = z.strictObject({
  runAsUser: z.number().int().min(1, 'must be a non-zero user id: Spark pods run as non-root').optional(),
  runAsGroup: z.number().int().min(1, 'must be a non-zero group id').optional(),
  fsGroup: z.number().int().min(1, 'must be a non-zero group id').optional(),
  supplementalGroups: z.array(z.number().int().min(1, 'must be a non-zero group id')).optional(),
  fsGroupChangePolicy: z.enum(['OnRootMismatch', 'Always']).optional(),
  runAsNonRoot: z.literal(true, 'must be true: Spark pods run as non-root').optional(),
});

/** Scheduling (as every kind's `placement`) and security settings of the driver or executor pods. */
export const podTemplate = podPlacement.extend({ securityContext: podSecurityContext.optional() });
export type PodTemplateSpec = z.infer<typeof podTemplate>;

export const volumeMount = z.strictObject({
  /** Name of an entry of `spec.volumes`. */
  name: rfc1123Label,
  mountPath: absolutePath,
  readOnly: z.boolean().optional(),
  subPath: z.string().min(1).optional(),
  subPathExpr: z.string().min(1).optional(),
  // Bidirectional propagation needs a privileged container, which no Spark pod gets.
  mountPropagation: z.enum(['None', 'HostToContainer']).optional(),
});
export type VolumeMountSpec = z.infer<typeof volumeMount>;

/** `claimName: OnDemand` asks Spark to create a claim per pod (and delete it with the pod). */
export const ON_DEMAND_CLAIM = 'OnDemand';

export const volume = z.strictObject({
  name: rfc1123Label,
  /** Use it as a Spark local directory (shuffle and spill files): named `spark-local-dir-<name>`. */
  sparkLocalDir: z.boolean().default(false),
  emptyDir: z.strictObject({ medium: z.enum(['', 'Memory']).optional(), sizeLimit: quantity.optional() }).optional(),
  persistentVolumeClaim: z
    .strictObject({
      claimName: z.string().min(1),
      storageClass: z.string().min(1).optional(),
      sizeLimit: quantity.optional(),
      readOnly: z.boolean().optional(),
    })
    .optional(),
  hostPath: z
    .strictObject({
      path: absolutePath,
      type: z.enum(['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice']).optional(),
    })
    .optional(),
});
export type VolumeSpec = z.infer<typeof volume>;

/** What the driver and the executors share: sizing, metadata, mounts and pod settings. */
export const roleFields = {
  /** Whole CPU cores Spark schedules tasks on (`spark.driver.cores`). @default 1 */
  cores: z.number().int().min(1).default(1),
  /** CPU limit of the pod; unset means no limit. */
  coreLimit: quantity.optional(),
  /** JVM heap. The pod gets memory + overhead as request and limit. @default 1g */
  memory: sparkMemory.default('1g'),
  /** Off-heap memory. @default max(384m, 10 % of memory; 40 % for Python) */
  memoryOverhead: sparkMemory.optional(),
  labels: stringMap.default({}),
  annotations: stringMap.default({}),
  volumeMounts: z.array(volumeMount).default([]),
  podTemplate: podTemplate.prefault({}),
};
