import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Logger } from 'pino';

import type { Sealer } from '../src/secrets/policy';
import { readSealingCertificate } from '../src/secrets/sealed-secrets/certificate';
import { createSealedSecretsSealer } from '../src/secrets/sealed-secrets/sealer';
import {
  ensureHashKey,
  loadSealingKeysFromEnv,
  readHashKeyFile,
  SEALED_SECRETS_CERT_ENV,
  SEALED_SECRETS_HASH_KEY_ENV,
  SEALING_KEYS_DIRECTORY,
  SealingKeysError,
} from '../src/secrets/sealing-keys';

/** `<namespace>/<service>[:<port>]` of the Sealed Secrets controller, whose `/v1/cert.pem` the server seals with. */
export const SEALED_SECRETS_CONTROLLER_ENV = 'DATAROASTER_SEALED_SECRETS_CONTROLLER';

/**
 * The controller's HTTP port: `--listen-addr :8080` (bitnami-labs/sealed-secrets pkg/controller/server.go,
 * flag `listen-addr`, default ":8080"), where it serves `/v1/cert.pem`.
 */
const CONTROLLER_PORT = 8080;

/** How often the certificate is read again, so a rotated controller key is picked up without a restart. */
const DEFAULT_REFRESH_MS = 5 * 60_000;
const FETCH_TIMEOUT_MS = 10_000;

/** Where the sealing certificate comes from: a file (a mounted ConfigMap) or the controller over HTTP. */
export type CertificateSource = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'url'; readonly url: string };

/**
 * `DATAROASTER_SEALED_SECRETS_CERT` (a file, or an http(s) URL as `kubeseal --cert` takes) or
 * `DATAROASTER_SEALED_SECRETS_CONTROLLER=<namespace>/<service>[:<port>]`. `kubeseal --fetch-cert` reaches
 * `/v1/cert.pem` of that service through the API server's service proxy (pkg/kubeseal/kubeseal.go,
 * `openCertCluster`: `Services(ns).ProxyGet("http", name, port, "/v1/cert.pem")`); a server running in the
 * cluster reaches the same endpoint directly, at `http://<service>.<namespace>.svc:8080/v1/cert.pem`, with no
 * API-server permissions needed.
 */
export function certificateSourceFromEnv(env: NodeJS.ProcessEnv): CertificateSource | undefined {
  const cert = env[SEALED_SECRETS_CERT_ENV] || undefined;
  const controller = env[SEALED_SECRETS_CONTROLLER_ENV] || undefined;
  if (cert !== undefined && controller !== undefined) {
    throw new SealingKeysError(`set either ${SEALED_SECRETS_CERT_ENV} or ${SEALED_SECRETS_CONTROLLER_ENV}, not both`);
  }
  if (cert !== undefined) return /^https?:\/\//.test(cert) ? { kind: 'url', url: cert } : { kind: 'file', path: cert };
  if (controller === undefined) return undefined;
  const match = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?::(\d{1,5}))?$/.exec(controller);
  if (!match)
    throw new SealingKeysError(
      `${SEALED_SECRETS_CONTROLLER_ENV}: expected <namespace>/<service>[:<port>] like "kube-system/sealed-secrets-controller", got "${controller}"`,
    );
  const [, namespace, , service, , port] = match;
  return { kind: 'url', url: `http://${service}.${namespace}.svc:${port ?? CONTROLLER_PORT}/v1/cert.pem` };
}

/** The certificate's PEM, checked to be a usable RSA certificate. */
export async function readCertificate(source: CertificateSource, timeoutMs = FETCH_TIMEOUT_MS): Promise<string> {
  let pem: string;
  if (source.kind === 'file') {
    try {
      pem = readFileSync(source.path, 'utf8');
    } catch (err) {
      throw new SealingKeysError(`${source.path}: cannot read sealing certificate: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else {
    let res: Response;
    try {
      res = await fetch(source.url, { signal: AbortSignal.timeout(timeoutMs), headers: { Accept: 'application/x-pem-file, */*' } });
    } catch (err) {
      throw new SealingKeysError(
        `cannot fetch the sealing certificate from ${source.url}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`,
      );
    }
    pem = await res.text();
    if (!res.ok) throw new SealingKeysError(`cannot fetch the sealing certificate from ${source.url}: HTTP ${res.status}`);
  }
  readSealingCertificate(pem, source.kind === 'file' ? source.path : source.url);
  return pem;
}

export interface ServerSealing {
  readonly sealer: Sealer;
  /** Where the certificate comes from, for the log. */
  readonly certificate: string;
  /** Stops re-reading the certificate. */
  stop(): void;
}

export interface ServerSealingOptions {
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** Users live in an external database: replicas may run, so every one must seal with the same certificate and hash key. */
  readonly sharedDatabase: boolean;
  /** @default 5 minutes */
  readonly refreshMs?: number;
}

/**
 * The server's sealer. With the controller's certificate configured (file, URL or controller service) it
 * re-reads it every `refreshMs` and seals with the new one after a rotation. Without one, a single server
 * (SQLite) generates a key pair in its data dir once; a server on an external database refuses to, since
 * each replica would generate its own and the controller could open only the Secrets sealed with the one
 * it was given.
 */
export async function createServerSealing({
  dataDir,
  env,
  log,
  sharedDatabase,
  refreshMs = DEFAULT_REFRESH_MS,
}: ServerSealingOptions): Promise<ServerSealing> {
  const source = certificateSourceFromEnv(env);
  if (source === undefined) {
    if (sharedDatabase) {
      throw new SealingKeysError(
        `with an external database (DATAROASTER_DATABASE_URL) replicas share one GitOps repository, so the server does not generate a sealing key pair of its own ` +
          `(each replica would seal with a different key, and the controller could open only some Secrets): set ${SEALED_SECRETS_CONTROLLER_ENV}=<namespace>/<service> ` +
          `(e.g. kube-system/sealed-secrets-controller) or ${SEALED_SECRETS_CERT_ENV}=<file or URL of kubeseal --fetch-cert's certificate>`,
      );
    }
    const keys = loadSealingKeysFromEnv(dataDir, env);
    if (keys.generated) log.warn({ certificateFile: keys.certificateFile, privateKeyFile: keys.privateKeyFile }, keys.instructions);
    else log.info({ certificateFile: keys.certificateFile }, 'sealing Secrets with this certificate');
    return {
      sealer: createSealedSecretsSealer({ certificatePem: keys.certificatePem, hashKey: keys.hashKey }),
      certificate: keys.certificateFile,
      stop: () => undefined,
    };
  }

  const hashKeyFile = env[SEALED_SECRETS_HASH_KEY_ENV] || undefined;
  if (hashKeyFile === undefined && sharedDatabase) {
    throw new SealingKeysError(
      `with an external database every replica must keep the same sealing hash key (it decides when a ciphertext is kept): set ${SEALED_SECRETS_HASH_KEY_ENV} to a file shared by all replicas (a mounted Secret)`,
    );
  }
  const hashKey = hashKeyFile !== undefined ? readHashKeyFile(hashKeyFile) : ensureHashKey(join(dataDir, SEALING_KEYS_DIRECTORY, 'hash.key'));
  const where = source.kind === 'file' ? source.path : source.url;
  let pem = await readCertificate(source);
  let current = createSealedSecretsSealer({ certificatePem: pem, hashKey });
  log.info({ certificate: where, fingerprint: readSealingCertificate(pem).fingerprint }, 'sealing Secrets with the controller certificate');

  let refreshing = false;
  const timer = setInterval(() => {
    if (refreshing) return;
    refreshing = true;
    readCertificate(source)
      .then((next) => {
        if (next === pem) return;
        current = createSealedSecretsSealer({ certificatePem: next, hashKey });
        pem = next;
        log.info(
          { certificate: where, fingerprint: readSealingCertificate(next).fingerprint },
          'the sealing certificate changed (key rotation): sealing with the new one',
        );
      })
      .catch((err: unknown) =>
        log.warn({ certificate: where, err: (err as Error).message }, 'cannot re-read the sealing certificate; sealing with the last one read'),
      )
      .finally(() => (refreshing = false));
  }, refreshMs);
  timer.unref();
  return {
    sealer: { seal: (secret, previous, context) => current.seal(secret, previous, context) },
    certificate: where,
    stop: () => clearInterval(timer),
  };
}
