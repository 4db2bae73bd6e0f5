import { KeyObject } from 'node:crypto';

import type { KubeObject } from '../../core/render';
import { hybridDecrypt, SealedValueError } from './hybrid';
import { annotatedScope, encryptionLabel, SealingScope } from './scope';

export const SEALED_SECRET_API_VERSION = 'bitnami.com/v1alpha1';

type ObjectMeta = {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
};

/** A Bitnami SealedSecret as we write it: per-key `encryptedData` and the Secret's metadata and type as template. */
export interface SealedSecretObject extends KubeObject {
  readonly apiVersion: typeof SEALED_SECRET_API_VERSION;
  readonly kind: 'SealedSecret';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly encryptedData: Readonly<Record<string, string>>;
    readonly template: { readonly metadata: ObjectMeta; readonly type: string; readonly immutable?: boolean };
  };
}

export function isSealedSecret(obj: unknown): obj is SealedSecretObject {
  const o = obj as SealedSecretObject | undefined;
  return (
    o?.apiVersion === SEALED_SECRET_API_VERSION &&
    o.kind === 'SealedSecret' &&
    typeof o.metadata?.name === 'string' &&
    typeof o.metadata.namespace === 'string' &&
    typeof o.spec?.encryptedData === 'object' &&
    o.spec.encryptedData !== null
  );
}

/** The scope a SealedSecret was sealed with; the controller reads it from the object's own annotations. */
export function sealedScope(sealed: Pick<SealedSecretObject, 'metadata'>): SealingScope {
  return annotatedScope(sealed.metadata.annotations) ?? 'strict';
}

/** The Secret the controller would make of a SealedSecret. */
export interface UnsealedSecret {
  readonly metadata: ObjectMeta;
  readonly type: string;
  readonly data: Readonly<Record<string, Buffer>>;
}

/**
 * Decrypts a SealedSecret as the controller does (upstream `Unseal`): the label comes from the
 * SealedSecret's own namespace, name and scope annotations, so a copy moved elsewhere does not open.
 * For tests and for a future `unseal` command; the engine never decrypts.
 */
export function unsealSecret(sealed: SealedSecretObject, privateKey: KeyObject): UnsealedSecret {
  const { namespace, name } = sealed.metadata;
  const label = encryptionLabel(namespace, name, sealedScope(sealed));
  const data: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(sealed.spec.encryptedData)) {
    try {
      data[key] = hybridDecrypt(privateKey, Buffer.from(value, 'base64'), label);
    } catch (err) {
      throw new SealedValueError(`SealedSecret ${namespace}/${name} key ${key}: ${(err as Error).message}`);
    }
  }
  return { metadata: { ...sealed.spec.template.metadata, namespace, name }, type: sealed.spec.template.type, data };
}
