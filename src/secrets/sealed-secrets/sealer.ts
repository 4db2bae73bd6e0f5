import type { KubeObject } from '../../engine/render';
import { generatedBytes } from '../generated';
import type { PlainSecret, SealContext, Sealer } from '../policy';
import { readSealingCertificate } from './certificate';
import { hybridEncrypt } from './hybrid';
import { annotatedScope, encryptionLabel, scopeAnnotations, SealingScope } from './scope';
import { isSealedSecret, SEALED_SECRET_API_VERSION, SealedSecretObject, sealedScope } from './sealed-secret';
import { readValueHashes, SealedValueBinding, valueHash, VALUE_HASHES_ANNOTATION, writeValueHashes } from './value-hash';

export interface SealedSecretsSealerOptions {
  /** The controller's certificate, as `kubeseal --fetch-cert` prints it. */
  readonly certificatePem: string;
  /** Key of the HMAC kept beside each ciphertext; never in Git (at least 16 bytes). */
  readonly hashKey: Buffer;
  /** Scope of Secrets that do not annotate one themselves. @default 'strict' */
  readonly scope?: SealingScope;
}

/** Key of the HMAC is too short to be a key. */
export class SealingHashKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Seals Secrets into Bitnami SealedSecrets, as `kubeseal` would, keeping ciphertexts that need not change:
 * - a value whose keyed hash equals the one on the previous SealedSecret keeps its ciphertext, so
 *   re-synthesizing an unchanged instance gives byte-identical files (and no commit);
 * - a generated value (`generatedSecretValue()`) keeps the value sealed last time for the same
 *   namespace, name and scope — a database password must not change under its database — and is only
 *   drawn (from `context.random`) when there is none.
 */
export function createSealedSecretsSealer(options: SealedSecretsSealerOptions): Sealer {
  if (options.hashKey.length < 16) throw new SealingHashKeyError(`sealing hash key has ${options.hashKey.length} bytes, needs at least 16`);
  const { publicKey, fingerprint } = readSealingCertificate(options.certificatePem);
  const defaultScope = options.scope ?? 'strict';

  return {
    seal(secret: PlainSecret, previous: KubeObject | undefined, context: SealContext): SealedSecretObject {
      const { name, namespace } = secret.metadata;
      const scope = annotatedScope(secret.metadata.annotations) ?? defaultScope;
      const label = encryptionLabel(namespace, name, scope);
      const prior = isSealedSecret(previous) && previous.metadata.namespace === namespace && previous.metadata.name === name && sealedScope(previous) === scope ? previous : undefined;
      const priorHashes = readValueHashes(prior?.metadata.annotations);

      const encryptedData: Record<string, string> = {};
      const hashes: Record<string, string> = {};
      for (const [key, value] of plaintextEntries(secret)) {
        const binding: SealedValueBinding = { keyFingerprint: fingerprint, namespace, name, scope, key };
        const hash = valueHash(options.hashKey, binding, value);
        const priorCiphertext = prior?.spec.encryptedData[key];
        const bytes = generatedBytes(value.toString('utf8'));
        hashes[key] = hash;
        if (priorCiphertext !== undefined && (bytes !== undefined || priorHashes[key] === hash)) {
          encryptedData[key] = priorCiphertext;
        } else {
          const plaintext = bytes === undefined ? value : Buffer.from(context.random(bytes).toString('hex'), 'utf8');
          encryptedData[key] = hybridEncrypt(publicKey, plaintext, label).toString('base64');
        }
      }

      const templateMetadata = { name, namespace, ...(secret.metadata.labels && { labels: secret.metadata.labels }), ...(secret.metadata.annotations && { annotations: secret.metadata.annotations }) };
      return {
        apiVersion: SEALED_SECRET_API_VERSION,
        kind: 'SealedSecret',
        metadata: {
          name,
          namespace,
          ...(secret.metadata.labels && { labels: secret.metadata.labels }),
          annotations: { ...scopeAnnotations(scope), [VALUE_HASHES_ANNOTATION]: writeValueHashes(hashes) },
        },
        spec: {
          encryptedData,
          template: { metadata: templateMetadata, type: secret.type ?? 'Opaque', ...(secret.immutable !== undefined && { immutable: secret.immutable }) },
        },
      };
    },
  };
}

/** A Secret's values as bytes, keys sorted: `stringData` as UTF-8, `data` decoded from base64 (as the API server merges them). */
function plaintextEntries(secret: PlainSecret): [string, Buffer][] {
  const values = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(secret.data ?? {})) values.set(key, Buffer.from(value, 'base64'));
  for (const [key, value] of Object.entries(secret.stringData ?? {})) values.set(key, Buffer.from(value, 'utf8'));
  return [...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
