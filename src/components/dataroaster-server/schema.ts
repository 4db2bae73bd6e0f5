import { z } from 'zod';

import type { OwnKind } from '../../core/component';
import { API_VERSION, imageRef, ownKind, pullPolicy, quantity, resources, rfc1123Label } from '../../schema/fields';
import { podPlacement } from '../../schema/placement';

export const DATAROASTER_SERVER_KIND = 'DataRoasterServer';

/** A key of a Secret that already exists in the instance's namespace (DataRoaster never writes it). */
const secretKeyRef = z.strictObject({
  name: rfc1123Label,
  key: z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret key name (letters, digits, "-", "_" and ".")'),
});

/** A URL without credentials: they belong in a Secret (`urlSecretRef`), never in a spec. */
const urlWithout = (schemes: readonly string[]) =>
  z
    .string()
    .regex(new RegExp(`^(${schemes.join('|')})://\\S+$`), `must be a URL starting with ${schemes.map((s) => `${s}://`).join(', ')}`)
    .refine(
      (url) => !/^[a-z+]+:\/\/[^/@]+:[^/@]*@/.test(url) && !/^https?:\/\/[^/@]+@/.test(url),
      'must not carry credentials: put a URL with credentials in a Secret and use urlSecretRef',
    );

/** The GitOps repository the server commits to. Without it, a bare repository on the data volume (for trying the API: agents cannot read it). */
const git = z
  .strictObject({
    /** Remote URL without credentials (e.g. a repository the server may push to anonymously on a private network). */
    url: urlWithout(['https', 'http', 'git']).optional(),
    /** Secret key holding the remote URL with its credentials, e.g. `https://robot:<token>@git.example.com/platform/gitops.git`. */
    urlSecretRef: secretKeyRef.optional(),
    /** @default 'main' */
    branch: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name')
      .optional(),
    /** URL the cluster's GitOps agent reads, written into the bootstrap. @default - the remote URL without credentials */
    clusterRepoUrl: urlWithout(['https', 'http', 'ssh']).optional(),
  })
  .superRefine((g, ctx) => {
    if ((g.url === undefined) === (g.urlSecretRef === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'give url or urlSecretRef (one of them)' });
  });

/** Pull requests instead of direct commits. */
const review = z.strictObject({
  /** `pr`: every change goes through review (a request may still ask `review=false`). @default 'direct' */
  mode: z.enum(['direct', 'pr']).optional(),
  provider: z
    .strictObject({
      kind: z.enum(['github', 'gitlab', 'gitea']),
      /** API base URL. @default GitHub's and GitLab's public APIs; required for Gitea */
      url: z
        .string()
        .regex(/^https?:\/\/\S+$/, 'must be an http(s):// URL')
        .optional(),
      /** `owner/name`, or the GitLab project id or path. */
      repo: z.string().min(1, 'must not be empty'),
      /** Secret key with the API token. */
      tokenSecretRef: secretKeyRef,
    })
    .superRefine((p, ctx) => {
      if (p.kind === 'gitea' && p.url === undefined)
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'required for gitea (the API base URL of your Gitea)' });
    })
    .optional(),
});

/**
 * An external PostgreSQL for users, token hashes and login attempts: the production shape (several
 * replicas, no data volume). The Secret is yours: seal it with `kubeseal` and commit the SealedSecret.
 */
const database = z.strictObject({
  /** Secret key holding the URL, e.g. `postgres://dataroaster@db.example.com:5432/dataroaster` (with or without the password). */
  urlSecretRef: secretKeyRef,
  /** Secret key holding the password, when the URL carries none: mounted as a file, read again on each new connection (rotation). */
  passwordSecretRef: secretKeyRef.optional(),
});

/** `<namespace>/<service>` of the Sealed Secrets controller, as `kubeseal --controller-namespace/--controller-name` take them. */
const sealingController = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?(:\d{1,5})?$/,
    'must be <namespace>/<service>[:<port>], e.g. kube-system/sealed-secrets-controller',
  );

export const dataRoasterServerSpec = z
  .strictObject({
    /** The API server image, built from this repository's Dockerfile and pushed to your registry. Pinned (tag or digest). */
    image: imageRef,
    imagePullPolicy: pullPolicy.optional(),
    /** @default 250m CPU and 256Mi memory requested, 512Mi memory limit */
    resources: resources.optional(),
    /** Users, tokens and login attempts in PostgreSQL, shared by several replicas. @default - SQLite on the data volume, one replica */
    database: database.optional(),
    /** @default 2 with a database; without one the server runs one replica (SQLite has one writer) */
    replicas: z.number().int().min(1).max(20).optional(),
    /** The data volume (SQLite only): SQLite (users, token hashes), sealing keys, the working clone (and the embedded repository). */
    storage: z
      .strictObject({
        /** @default '5Gi' */
        size: quantity.optional(),
        /** @default - the cluster's default storage class */
        storageClass: rfc1123Label.optional(),
      })
      .optional(),
    git: git.optional(),
    review: review.optional(),
    /** ConfigMap with the Sealed Secrets controller's certificate (`kubeseal --fetch-cert`). @default - a key pair generated on the data volume at first start */
    sealingCertificate: z
      .strictObject({
        configMapName: rfc1123Label,
        key: z
          .string()
          .regex(/^[-._a-zA-Z0-9]+$/)
          .optional(),
      })
      .optional(),
    /** Or: seal with the certificate the controller serves (`/v1/cert.pem`), read again after a key rotation. */
    sealingController: sealingController.optional(),
    /** Take client addresses from X-Forwarded-For (behind an ingress). @default false */
    trustProxy: z.boolean().optional(),
    /** @default 'info' */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    placement: podPlacement.optional(),
  })
  .superRefine((spec, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (spec.sealingCertificate && spec.sealingController) problem('sealingController', 'give sealingCertificate or sealingController, not both');
    if (!spec.database) {
      if (spec.replicas !== undefined && spec.replicas > 1)
        problem(
          'replicas',
          'more than one replica needs a database (spec.database): SQLite and the working clone on the data volume have one writer',
        );
      return;
    }
    // Replicas share the database and the Git remote; everything else must be the same for all of them.
    if (!spec.git)
      problem('database', 'a server with a database runs several replicas: give spec.git (the embedded repository would live on one pod only)');
    if (!spec.sealingCertificate && !spec.sealingController) {
      problem(
        'database',
        "a server with a database runs several replicas: give sealingController or sealingCertificate, so every replica seals with the controller's certificate",
      );
    }
    if (spec.storage) problem('storage', 'a server with a database keeps no data volume (each pod clones into an emptyDir)');
  });

export const dataRoasterServerSchema = ownKind(DATAROASTER_SERVER_KIND, dataRoasterServerSpec);
/** A validated DataRoasterServer document (defaults are resolved by the construct). */
export type DataRoasterServerSpec = z.infer<typeof dataRoasterServerSchema>;

export const DATAROASTER_SERVER_OWN_KIND: OwnKind<DataRoasterServerSpec> = {
  apiVersion: API_VERSION,
  kind: DATAROASTER_SERVER_KIND,
  schema: dataRoasterServerSchema,
};
