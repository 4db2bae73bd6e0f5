import { z } from 'zod';

import { isJvmSize } from '../../core/jvm';
import { imageRef, passThroughObject, resources, rfc1123Label, stringMap } from '../../schema/fields';
import { propertyName, scalarValue } from './properties-schema';

/** config.properties keys DataRoaster sets itself, and what to do instead. */
export const MANAGED_CONFIG: Readonly<Record<string, string>> = {
  coordinator: 'set from the role',
  'http-server.http.port': 'use spec.httpPort',
  'discovery.uri': 'set to the coordinator Service',
  'shutdown.grace-period': 'use spec.worker.gracefulShutdown.gracePeriodSeconds',
  'internal-communication.shared-secret': 'use spec.sharedSecret',
};

const jvmSize = z.string().refine(isJvmSize, 'must be a JVM size like "8G" or "6144M"');

const jvm = z.strictObject({
  /**
   * Maximum heap (`-Xmx`), a JVM size like `8G`; must fit the memory limit.
   * @default - 80 % of the memory limit
   */
  maxHeap: jvmSize.optional(),
  /**
   * JVM flags other than the heap size, one per entry; they replace DataRoaster's defaults (G1, exit on
   * out-of-memory, code cache and recompilation settings recommended by Trino).
   * @see https://trino.io/docs/current/installation/deployment.html#jvm-config
   */
  options: z
    .array(
      z
        .string()
        .regex(/^-\S/, 'must be a JVM flag starting with "-"')
        .refine(
          (flag) => !/^-(Xmx|Xms|XX:(MaxRAMPercentage|MaxRAM|InitialRAMPercentage)=)/.test(flag),
          'set the heap with "maxHeap", not in options',
        ),
    )
    .optional(),
});

const file = z.strictObject({
  /** Absolute path of the file in the container, e.g. `/etc/trino/rules.json`. */
  path: z.string().regex(/^(\/[A-Za-z0-9._-]+)+$/, 'must be an absolute file path like "/etc/trino/rules.json"'),
  /** File content, as is. Put no credentials here: reference a Secret from a property instead. */
  content: z.string(),
});

/** An init container, passed through as a Kubernetes Container; its volumeMounts become emptyDirs shared with Trino. */
const initContainer = z.looseObject({ name: rfc1123Label, image: imageRef });

/** Log levels by logger (`log.properties`). */
const logLevels = z.record(
  z.string().regex(/^[A-Za-z0-9_.$-]+$/, 'must be a logger name like "io.trino"'),
  z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'OFF']),
);

/** What coordinators and workers share: sizing, scheduling and configuration overrides. */
export const roleFields = {
  /**
   * CPU and memory. Memory request = limit (a JVM's footprint is fixed by its heap).
   * @default - requests cpu 1, limits cpu 2, memory 4Gi
   */
  resources: resources.optional(),
  /** JVM heap and flags (`jvm.config`). */
  jvm: jvm.optional(),
  /**
   * Extra or overriding `config.properties` entries, e.g. `query.max-memory: 20GB`. Keys DataRoaster
   * manages (`coordinator`, `discovery.uri`, `http-server.http.port`, …) are refused with the field to use.
   * @default {}
   */
  config: z
    .record(propertyName, scalarValue)
    .default({})
    .superRefine((config, ctx) => {
      for (const key of Object.keys(config)) {
        if (key in MANAGED_CONFIG) ctx.addIssue({ code: 'custom', path: [key], message: `managed by DataRoaster: ${MANAGED_CONFIG[key]}` });
      }
    }),
  /** Log level per logger (`log.properties`). @default { "io.trino": "INFO" } */
  logLevels: logLevels.optional(),
  nodeSelector: stringMap.optional(),
  affinity: passThroughObject.optional(),
  tolerations: z.array(passThroughObject).optional(),
  initContainers: z.array(initContainer).optional(),
  /** Escape hatch: extra files mounted read-only at their path (not under `/etc/trino/catalog`). @default [] */
  files: z.array(file).default([]),
};

export const coordinatorRole = z.strictObject(roleFields);

export const autoscaler = z
  .strictObject({
    minReplicas: z.number().int().min(1),
    maxReplicas: z.number().int().min(1),
    /** Average CPU utilization (% of the request) the HPA keeps workers at. @default 50 */
    targetCPUUtilizationPercentage: z.number().int().min(1).default(50),
    /** Average memory utilization (% of the request) to scale on as well. @default - CPU only */
    targetMemoryUtilizationPercentage: z.number().int().min(1).optional(),
    /** How long load must stay low before workers are removed. @default 300 */
    scaleDownStabilizationSeconds: z.number().int().min(0).max(3600).default(300),
  })
  .refine((a) => a.maxReplicas >= a.minReplicas, { path: ['maxReplicas'], message: 'must be >= minReplicas' });

export const gracefulShutdown = z.strictObject({
  /** `shutdown.grace-period`: how long a draining worker waits before and after its last task. @default 120 */
  gracePeriodSeconds: z.number().int().min(1).default(120),
  /**
   * Pod `terminationGracePeriodSeconds`; at least twice the grace period, plus the longest query you
   * let finish. @default - 2 × gracePeriodSeconds + 60
   */
  terminationGracePeriodSeconds: z.number().int().min(1).optional(),
});

export const workerRole = z
  .strictObject({
    ...roleFields,
    /** Fixed number of workers; leave out when `autoscaler` is set. @default 2 */
    replicas: z.number().int().min(1).optional(),
    /** Scale workers with a HorizontalPodAutoscaler (autoscaling/v2) between min and max replicas. */
    autoscaler: autoscaler.optional(),
    /** Workers drain before they stop (preStop → SHUTTING_DOWN), so scale-downs and drains do not fail queries. */
    gracefulShutdown: gracefulShutdown.prefault({}),
  })
  .superRefine((worker, ctx) => {
    if (worker.replicas !== undefined && worker.autoscaler !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['replicas'],
        message: 'leave out when "autoscaler" is set: the HorizontalPodAutoscaler owns the worker count',
      });
    }
  })
  // `replicas` defaults only when no autoscaler owns the count, so the default cannot be a plain `.default()`.
  .transform((worker) => (worker.autoscaler ? worker : { ...worker, replicas: worker.replicas ?? 2 }));

export type TrinoCoordinatorRole = z.infer<typeof coordinatorRole>;
export type TrinoWorkerRole = z.infer<typeof workerRole>;
export type TrinoRole = TrinoCoordinatorRole | TrinoWorkerRole;
