import { z } from 'zod';

import type { OwnKind } from '../../core/component';
import { ResolvedResources, resolveJvmResources, resourceProblems } from '../../core/quantity';
import { API_VERSION, imageRef, ownKind, pullPolicy, quantity, resources, rfc1123Label } from '../../schema/fields';
import { podPlacement } from '../../schema/placement';

export const TRINO_GATEWAY_KIND = 'TrinoGateway';

/**
 * Longest instance name: the reconciler Job is `<name>-backends-<10 hex>` and Job names must stay
 * DNS labels (≤ 63) — the Job controller adds a suffix to pod names, so keep a margin.
 */
export const MAX_GATEWAY_NAME = 40;

/** Requests and limits with the missing ones filled in from `defaults` (memory request = limit). */
const resolvedResources = (defaults: ResolvedResources) =>
  resources
    .optional()
    .transform((given) => resolveJvmResources(given, defaults))
    .superRefine((resolved, ctx) => {
      for (const [key, message] of Object.entries(resourceProblems(resolved))) ctx.addIssue({ code: 'custom', path: ['requests', key], message });
    });

/** A key of a Secret the user keeps in the gateway's namespace (DataRoaster never writes it). */
const secretKeyRef = z.strictObject({
  name: rfc1123Label,
  key: z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret key name (letters, digits, "-", "_" and ".")'),
});

/**
 * A name the gateway stores and a rule compares: backend names and routing groups. Kept to a charset
 * that needs no quoting in MVEL, in URLs (`/gateway/backend/activate/{name}`) or in YAML.
 */
const gatewayName = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/, 'must be lower-case letters, digits, "-" and "_", starting and ending with a letter or digit');

/** An http(s) URL without credentials, e.g. `http://trino.analytics.svc:8080`. */
const httpUrl = z
  .string()
  .refine((url) => {
    try {
      const parsed = new URL(url);
      return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL like "http://trino.analytics.svc:8080"')
  .refine((url) => !/^https?:\/\/[^/]*@/.test(url), 'must not carry credentials')
  .refine((url) => !/[?#]/.test(url), 'must not have a query or fragment');

/** One Trino cluster behind the gateway (a row of the gateway's `gateway_backend` table). */
const backend = z
  .strictObject({
    /** Backend name in the gateway (its primary key); the original's `cluster_name`. */
    name: gatewayName,
    /** Routing group it serves; one of `routingGroups`. The original's `group_name`. */
    routingGroup: gatewayName,
    /** Whether the gateway routes to it; the original's `activated`. @default true */
    active: z.boolean().default(true),
    /** A TrinoCluster of the platform: `proxyTo` is its coordinator Service. */
    trinoClusterRef: rfc1123Label.optional(),
    /** The coordinator URL the gateway proxies to, for a cluster outside the platform. */
    proxyTo: httpUrl.optional(),
    /** URL users see in the gateway UI and query history. @default - proxyTo */
    externalUrl: httpUrl.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.trinoClusterRef === undefined) === (b.proxyTo === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give trinoClusterRef or proxyTo (one of them)' });
    }
  });
export type GatewayBackend = z.infer<typeof backend>;

/** Values a matcher compares with a request header; no quotes or backslashes, so they embed in MVEL as they are. */
const headerValue = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .regex(/^[^"\\\r\n,]+$/, 'must not contain quotes, backslashes, commas or line breaks');
const oneOrMore = z.union([headerValue, z.array(headerValue).min(1, 'must list at least one value')]).transform((v) => (Array.isArray(v) ? v : [v]));

/** Declarative matchers; every one given must hold (AND), the values of one matcher are alternatives (OR). */
const match = z
  .strictObject({
    /** `X-Trino-Source` equals one of these (e.g. `airflow`). */
    source: oneOrMore.optional(),
    /** `X-Trino-User` equals one of these. */
    user: oneOrMore.optional(),
    /** `X-Trino-Client-Tags` holds every one of these tags. */
    clientTags: z.array(headerValue).min(1, 'must list at least one tag').optional(),
  })
  .refine((m) => m.source !== undefined || m.user !== undefined || m.clientTags !== undefined, 'give source, user or clientTags');

/** Raw MVEL, as the gateway's rules file takes it, for what the matchers cannot say. */
const mvel = z.strictObject({
  condition: z.string().min(1, 'must not be empty'),
  actions: z.array(z.string().min(1, 'must not be empty')).min(1, 'must list at least one action'),
});

const rule = z
  .strictObject({
    name: gatewayName,
    description: z.string().max(512).optional(),
    /** Lower fires first; when several rules match, the last to fire wins. @default - the rule's position in the list */
    priority: z.number().int().min(0).max(1_000_000).optional(),
    /** Routing group the matched queries go to (with `match`). */
    routingGroup: gatewayName.optional(),
    match: match.optional(),
    /** Escape hatch: a condition and actions in MVEL, written to the rules file verbatim. */
    mvel: mvel.optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.match === undefined) === (r.mvel === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'give match (with routingGroup) or mvel (one of them)' });
    if (r.match !== undefined && r.routingGroup === undefined)
      ctx.addIssue({ code: 'custom', path: ['routingGroup'], message: 'required with match' });
    if (r.mvel !== undefined && r.routingGroup !== undefined)
      ctx.addIssue({ code: 'custom', path: ['routingGroup'], message: 'not used with mvel: set result.put("routingGroup", …) in its actions' });
  });
export type RoutingRule = z.infer<typeof rule>;

const storage = z.strictObject({
  /** @default '10Gi' */
  size: quantity.default('10Gi'),
  /** @default - the cluster's default storage class */
  storageClass: rfc1123Label.optional(),
});

/** A PostgreSQL StatefulSet beside the gateway, its password generated and sealed. */
const embeddedDatabase = z.strictObject({
  /** PostgreSQL 17, the version upstream's CI tests the gateway with. */
  image: imageRef.default('postgres:17.6-bookworm'),
  imagePullPolicy: pullPolicy.default('IfNotPresent'),
  storage: storage.prefault({}),
  /** @default 100m CPU requested (limit 1), 256Mi memory */
  resources: resolvedResources({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '256Mi' } }),
});

/** The JDBC prefixes the gateway runs its migrations for (FlywayMigration.getLocation, trino-gateway tag 20). */
export const JDBC_DRIVERS = {
  'jdbc:postgresql:': 'org.postgresql.Driver',
  'jdbc:mysql:': 'com.mysql.cj.jdbc.Driver',
  'jdbc:oracle:': 'oracle.jdbc.OracleDriver',
} as const;

const externalDatabase = z.strictObject({
  /** e.g. `jdbc:postgresql://db.example.com:5432/gateway`; PostgreSQL, MySQL or Oracle. Not the database of Trino's resource groups (both keep a flyway_schema_history table). */
  jdbcUrl: z
    .string()
    .refine(
      (url) => Object.keys(JDBC_DRIVERS).some((prefix) => url.startsWith(prefix)),
      'must start with jdbc:postgresql:, jdbc:mysql: or jdbc:oracle: (the databases the gateway migrates)',
    )
    .refine((url) => !/password=/i.test(url), 'must not carry a password: use passwordSecretRef'),
  userSecretRef: secretKeyRef,
  passwordSecretRef: secretKeyRef,
});

const database = z
  .strictObject({ embedded: embeddedDatabase.optional(), external: externalDatabase.optional() })
  .refine((d) => !(d.embedded !== undefined && d.external !== undefined), 'give embedded or external, not both')
  .transform((d) => (d.external !== undefined ? { external: d.external } : { embedded: d.embedded ?? embeddedDatabase.parse({}) }));

const authentication = z.strictObject({
  /**
   * Form/Basic authentication of the gateway's UI and API with two preset users whose passwords are
   * generated and sealed: `admin` (every role) and `reconciler` (API role, used by the backend reconciler).
   * @default true
   */
  enabled: z.boolean().default(true),
  /**
   * Secret with `private.pem` (PKCS#8) and `public.pem` (X.509) signing the UI's login tokens, shared by
   * every replica. @default - a key pair generated per pod at start (a UI login then sticks to its pod)
   */
  keyPairSecretName: rfc1123Label.optional(),
});

const reconciler = z.strictObject({
  /** Node.js image running the reconciler script. */
  image: imageRef.default('node:22.12.0-alpine3.21'),
  imagePullPolicy: pullPolicy.default('IfNotPresent'),
  /** How often drift made by hand in the gateway UI is repaired (cron). @default every 10 minutes */
  schedule: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron schedule like "*/10 * * * *"')
    .default('*/10 * * * *'),
});

const routing = z.strictObject({
  /** Group of queries no rule routes, and the fallback when a group has no healthy backend. */
  defaultRoutingGroup: gatewayName.default('adhoc'),
  /** Rules, written to the gateway's rules file in this order. @default [] */
  rules: z.array(rule).default([]),
  /** How often the gateway re-reads the rules file (a ConfigMap change reaches running pods within it + the kubelet's sync). */
  refreshPeriod: z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, 'must be a duration like "30s" or "1m"')
    .default('1m'),
  /**
   * Send X-Forwarded-* headers to the backends so their `nextUri` points back at the gateway. Every
   * backend must then set `http-server.process-forwarded=true`, or Trino answers 406. @default true
   */
  forwardedHeaders: z.boolean().default(true),
});

/** The own kind's `spec`: one Trino Gateway in front of named Trino clusters. */
export const trinoGatewaySpec = z
  .strictObject({
    /** The official gateway image, release 20. */
    image: z
      .strictObject({
        repository: z
          .string()
          .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, 'must be an image repository like "trinodb/trino-gateway"')
          .default('trinodb/trino-gateway'),
        tag: z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be an image tag like "20"')
          .refine((t) => t !== 'latest', 'must not be "latest": pin a release')
          .default('20'),
        /** `sha256:…` digest pinning the exact image. */
        digest: z
          .string()
          .regex(/^sha256:[a-f0-9]{64}$/, 'must be a digest like "sha256:<64 hex digits>"')
          .optional(),
        pullPolicy: pullPolicy.default('IfNotPresent'),
      })
      .prefault({}),
    replicas: z.number().int().min(1).max(20).default(2),
    /** Memory request = limit; the JVM takes 75% of it as heap. @default 250m CPU requested (limit 2), 1Gi memory */
    resources: resolvedResources({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } }),
    /** `node.environment` of the gateway. */
    environment: z
      .string()
      .regex(/^[a-z0-9][_a-z0-9]*$/, 'must be lower-case letters, digits and "_" (Airlift node.environment)')
      .default('production'),
    /** Routing groups (the original's cluster groups); backends, rules and the default route to these. */
    routingGroups: z.array(gatewayName).min(1, 'must list at least one group').default(['adhoc']),
    /** The Trino clusters behind the gateway. The reconciler makes the gateway's backend table equal to this list. @default [] */
    backends: z.array(backend).default([]),
    routing: routing.prefault({}),
    /** Where the gateway keeps backends and query history. @default - embedded PostgreSQL */
    database: database.prefault({}),
    authentication: authentication.prefault({}),
    reconciler: reconciler.prefault({}),
    placement: podPlacement.optional(),
  })
  .superRefine(
    (spec, ctx) => {
      const groups = new Set(spec.routingGroups);
      spec.routingGroups.forEach((g, i) => {
        if (spec.routingGroups.indexOf(g) !== i) ctx.addIssue({ code: 'custom', path: ['routingGroups', i], message: `"${g}" is listed twice` });
      });
      const unknownGroup = (g: string) => `no routing group "${g}": add it to spec.routingGroups (${[...groups].join(', ')})`;
      if (!groups.has(spec.routing.defaultRoutingGroup))
        ctx.addIssue({ code: 'custom', path: ['routing', 'defaultRoutingGroup'], message: unknownGroup(spec.routing.defaultRoutingGroup) });
      spec.backends.forEach((b, i) => {
        const first = spec.backends.findIndex((other) => other.name === b.name);
        if (first !== i)
          ctx.addIssue({ code: 'custom', path: ['backends', i, 'name'], message: `"${b.name}" is already the name of spec.backends[${first}]` });
        if (!groups.has(b.routingGroup))
          ctx.addIssue({ code: 'custom', path: ['backends', i, 'routingGroup'], message: unknownGroup(b.routingGroup) });
      });
      spec.routing.rules.forEach((r, i) => {
        const first = spec.routing.rules.findIndex((other) => other.name === r.name);
        if (first !== i)
          ctx.addIssue({
            code: 'custom',
            path: ['routing', 'rules', i, 'name'],
            message: `"${r.name}" is already the name of spec.routing.rules[${first}]`,
          });
        if (r.routingGroup !== undefined && !groups.has(r.routingGroup))
          ctx.addIssue({ code: 'custom', path: ['routing', 'rules', i, 'routingGroup'], message: unknownGroup(r.routingGroup) });
      });
    },
    { when: (payload) => payload.issues.length === 0 },
  );

export const trinoGatewaySchema = ownKind(TRINO_GATEWAY_KIND, trinoGatewaySpec).superRefine((doc, ctx) => {
  if (doc.metadata.name.length > MAX_GATEWAY_NAME) {
    ctx.addIssue({
      code: 'custom',
      path: ['metadata', 'name'],
      message: `must be at most ${MAX_GATEWAY_NAME} characters (the reconciler Job is "<name>-backends-<hash>")`,
    });
  }
});

/** A validated TrinoGateway (`dataroaster.io/v1alpha1`) with every default applied. */
export type TrinoGatewaySpec = z.infer<typeof trinoGatewaySchema>;
export type TrinoGatewaySettings = TrinoGatewaySpec['spec'];

export const TRINO_GATEWAY_OWN_KIND: OwnKind<TrinoGatewaySpec> = {
  apiVersion: API_VERSION,
  kind: TRINO_GATEWAY_KIND,
  schema: trinoGatewaySchema,
};
