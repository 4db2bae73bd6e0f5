import { generatedBytes } from '../../core/generated-secret';
import type { KubeObject } from '../../core/render';
import type { PlainSecret, SealContext, Sealer } from '../policy';
import { containsSealedReference, SealedReferenceError, sealedReferencesIn } from '../sealed-reference';
import { readSealingCertificate } from './certificate';
import { hybridEncrypt } from './hybrid';
import { annotatedScope, encryptionLabel, scopeAnnotations, SealingScope } from './scope';
import { isSealedSecret, SEALED_SECRET_API_VERSION, sealedScope, SealedSecretObject } from './sealed-secret';
import { readValueHashes, REFERENCE_HASHES_ANNOTATION, VALUE_HASHES_ANNOTATION, valueHash, writeValueHashes } from './value-hash';

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

/** What a SealedSecret carries per key: its ciphertext and the hashes that tell when to keep it. */
interface SealedKey {
  readonly ciphertext: string;
  readonly valueHash?: string;
  readonly referenceHash?: string;
}

/**
 * Seals Secrets into Bitnami SealedSecrets, as `kubeseal` would, keeping ciphertexts that need not change:
 * - a value whose keyed hash equals the one on the previous SealedSecret keeps its ciphertext, so
 *   re-synthesizing an unchanged instance gives byte-identical files (and no commit);
 * - a generated value (`generatedSecretValue()`) keeps the value sealed last time for the same
 *   namespace, name and scope — a database password must not change under its database — and is only
 *   drawn (from `context.random`) when there is none;
 * - a value holding a sealed reference (from a stored spec) keeps the ciphertext sealed when that
 *   stored spec was made, or fails: nobody here knows the plaintext.
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
      const prior =
        isSealedSecret(previous) && previous.metadata.namespace === namespace && previous.metadata.name === name && sealedScope(previous) === scope
          ? previous
          : undefined;
      const priorValueHashes = readValueHashes(prior?.metadata.annotations);
      const priorReferenceHashes = readValueHashes(prior?.metadata.annotations, REFERENCE_HASHES_ANNOTATION);
      const hash = (key: string, value: Buffer | string) =>
        valueHash(options.hashKey, { keyFingerprint: fingerprint, namespace, name, scope, key }, Buffer.from(value));

      const sealKey = (key: string, value: Buffer): SealedKey => {
        const text = value.toString('utf8');
        const kept = prior?.spec.encryptedData[key];
        const bytes = generatedBytes(text);
        if (bytes !== undefined) {
          const ciphertext = kept ?? hybridEncrypt(publicKey, Buffer.from(context.random(bytes).toString('hex')), label).toString('base64');
          return { ciphertext, valueHash: hash(key, value) };
        }
        if (containsSealedReference(text)) {
          const referenceHash = hash(key, text);
          if (kept === undefined || priorReferenceHashes[key] !== referenceHash) {
            const why =
              kept === undefined ? 'nothing is sealed for that key yet' : 'it was sealed for another value around the reference, or elsewhere';
            throw new SealedReferenceError(
              `Secret ${namespace}/${name} key ${key} refers to a sealed value (${sealedReferencesIn(text).join(', ')}), but ${why}: give the value itself`,
            );
          }
          return { ciphertext: kept, valueHash: priorValueHashes[key], referenceHash };
        }
        const valueHashNow = hash(key, value);
        const ciphertext =
          kept !== undefined && priorValueHashes[key] === valueHashNow ? kept : hybridEncrypt(publicKey, value, label).toString('base64');
        const stored = context.storedValues?.[key] ?? text;
        return { ciphertext, valueHash: valueHashNow, referenceHash: stored === text ? undefined : hash(key, stored) };
      };

      const sealed = plaintextEntries(secret).map(([key, value]) => [key, sealKey(key, value)] as const);
      const column = (pick: (k: SealedKey) => string | undefined) =>
        Object.fromEntries(sealed.flatMap(([key, k]) => (pick(k) === undefined ? [] : [[key, pick(k) as string]])));
      const referenceHashes = column((k) => k.referenceHash);
      const templateMetadata = {
        name,
        namespace,
        ...(secret.metadata.labels && { labels: secret.metadata.labels }),
        ...(secret.metadata.annotations && { annotations: secret.metadata.annotations }),
      };
      return {
        apiVersion: SEALED_SECRET_API_VERSION,
        kind: 'SealedSecret',
        metadata: {
          name,
          namespace,
          ...(secret.metadata.labels && { labels: secret.metadata.labels }),
          annotations: {
            ...scopeAnnotations(scope),
            ...(Object.keys(referenceHashes).length > 0 && { [REFERENCE_HASHES_ANNOTATION]: writeValueHashes(referenceHashes) }),
            [VALUE_HASHES_ANNOTATION]: writeValueHashes(column((k) => k.valueHash)),
          },
        },
        spec: {
          encryptedData: column((k) => k.ciphertext),
          template: {
            metadata: templateMetadata,
            type: secret.type ?? 'Opaque',
            ...(secret.immutable !== undefined && { immutable: secret.immutable }),
          },
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
