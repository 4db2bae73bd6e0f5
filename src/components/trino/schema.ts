import { z } from 'zod';

import type { OwnKind } from '../../core/component';
import { API_VERSION, ownKind, pullPolicy, rfc1123Label } from '../../schema/fields';
import { trinoCatalog } from './catalog-schema';
import { trinoClusterIssues } from './checks';
import { propertyName, scalarValue, secretKeyRef } from './properties-schema';
import { coordinatorRole, workerRole } from './role-schema';

/** node.properties keys DataRoaster sets itself, and where they come from. */
export const MANAGED_NODE_PROPERTIES: Readonly<Record<string, string>> = {
  'node.environment': 'use spec.environment',
  'node.data-dir': 'always an emptyDir at /data/trino',
  'node.id': 'set to the pod name',
};

const image = z.strictObject({
  /** @default "trinodb/trino" */
  repository: z
    .string()
    .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, 'must be an image repository like "trinodb/trino"')
    .default('trinodb/trino'),
  /** Trino version, e.g. `"476"`; `latest` is refused so a deploy is reproducible. */
  tag: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be an image tag like "476"')
    .refine((tag) => tag !== 'latest', 'must not be "latest": pin a version'),
  /** `sha256:…` digest pinning the exact image. */
  digest: z
    .string()
    .regex(/^sha256:[a-f0-9]{64}$/, 'must be a digest like "sha256:<64 hex digits>"')
    .optional(),
  /** @default "IfNotPresent" */
  pullPolicy: pullPolicy.default('IfNotPresent'),
  /** Names of docker-registry Secrets in the instance's namespace. @default [] */
  pullSecrets: z.array(rfc1123Label).default([]),
});

const nonRootId = z.number().int().min(1, 'must be a non-root id (>= 1): pods meet the restricted Pod Security Standard');

const securityContext = z.strictObject({
  /** @default 1000 (the trino image's user) */
  runAsUser: nonRootId.default(1000),
  /** @default 1000 */
  runAsGroup: nonRootId.default(1000),
  /** @default - runAsGroup */
  fsGroup: nonRootId.optional(),
});

/** The own kind's `spec`: one Trino cluster (a coordinator and its workers). */
export const trinoClusterSpec = z
  .strictObject({
    /** Trino image. */
    image,
    /** `node.environment`; nodes only join a coordinator of the same environment. @default "production" */
    environment: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_]*$/, 'must be lower-case letters, digits and "_"')
      .default('production'),
    /** HTTP port of every node and of the coordinator Service (≥ 1024: Trino runs as non-root). @default 8080 */
    httpPort: z.number().int().min(1024, 'must be >= 1024: Trino runs as a non-root user').max(65535, 'must be <= 65535').default(8080),
    /** ServiceAccount of the pods (created, token not mounted). @default - the instance name */
    serviceAccountName: rfc1123Label.optional(),
    /** Non-root identity of the pods; the rest of the restricted security context is fixed. */
    securityContext: securityContext.prefault({}),
    /** Extra `node.properties` entries for every node, e.g. `plugin.dir`. @default {} */
    nodeProperties: z
      .record(propertyName, scalarValue)
      .default({})
      .superRefine((props, ctx) => {
        for (const key of Object.keys(props)) {
          if (key in MANAGED_NODE_PROPERTIES)
            ctx.addIssue({ code: 'custom', path: [key], message: `managed by DataRoaster: ${MANAGED_NODE_PROPERTIES[key]}` });
        }
      }),
    /**
     * Secret for `internal-communication.shared-secret` (nodes authenticate each other with it).
     * @default - generated once into the Secret `<instance>-shared-secret` and kept across syntheses by sealing
     */
    sharedSecret: z.strictObject({ secretKeyRef }).optional(),
    /** The coordinator (always one replica: it plans and tracks every query). */
    coordinator: coordinatorRole.prefault({}),
    /** The workers. */
    worker: workerRole.prefault({}),
    /** Catalogs, the same on every node. @default [] */
    catalogs: z.array(trinoCatalog).default([]),
  })
  .superRefine(
    (spec, ctx) => {
      for (const issue of trinoClusterIssues(spec)) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
    },
    // Cross-field rules read parsed values (quantities, sizes), so they wait until every field is valid.
    { when: (payload) => payload.issues.length === 0 },
  );

/** Longest instance name whose derived object names (`<name>-worker` Service) stay DNS labels. */
const MAX_TRINO_NAME = 63 - '-worker'.length;

export const trinoClusterSchema = ownKind('TrinoCluster', trinoClusterSpec).superRefine((doc, ctx) => {
  if (doc.metadata.name.length > MAX_TRINO_NAME) {
    ctx.addIssue({
      code: 'custom',
      path: ['metadata', 'name'],
      message: `must be at most ${MAX_TRINO_NAME} characters (the worker Service is "<name>-worker")`,
    });
  }
});

/** A validated TrinoCluster (`dataroaster.io/v1alpha1`) with every default applied. */
export type TrinoClusterSpec = z.infer<typeof trinoClusterSchema>;

export const TRINO_CLUSTER_OWN_KIND: OwnKind<TrinoClusterSpec> = {
  apiVersion: API_VERSION,
  kind: 'TrinoCluster',
  schema: trinoClusterSchema,
};
