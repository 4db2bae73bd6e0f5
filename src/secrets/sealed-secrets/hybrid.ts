import { constants, createCipheriv, createDecipheriv, KeyObject, privateDecrypt, publicEncrypt, randomBytes } from 'node:crypto';

/**
 * The Sealed Secrets value encryption (bitnami-labs/sealed-secrets `pkg/crypto` HybridEncrypt), byte
 * for byte, so the controller can decrypt what we write:
 *
 *   uint16 big-endian length of the RSA ciphertext || RSA-OAEP-SHA256(session key, label) || AES-256-GCM(plaintext)
 *
 * The 32-byte session key is fresh for every value, so the GCM nonce is twelve zero bytes (as upstream:
 * a key used once may use a fixed nonce); the GCM output is the ciphertext followed by its 16-byte tag.
 * The label binds the value to where it may be unsealed (see `encryptionLabel`).
 */
const SESSION_KEY_BYTES = 32;
const GCM_NONCE = Buffer.alloc(12);
const GCM_TAG_BYTES = 16;

export function hybridEncrypt(publicKey: KeyObject, plaintext: Buffer, label: Buffer): Buffer {
  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  const rsaCiphertext = publicEncrypt(oaep(publicKey, label), sessionKey);
  const cipher = createCipheriv('aes-256-gcm', sessionKey, GCM_NONCE);
  const aesCiphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(rsaCiphertext.length);
  return Buffer.concat([length, rsaCiphertext, aesCiphertext]);
}

/** A sealed value that this key and label cannot open (wrong key, wrong namespace or name, or damaged). */
export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Mirrors HybridDecrypt: what the controller does with each `encryptedData` value. */
export function hybridDecrypt(privateKey: KeyObject, ciphertext: Buffer, label: Buffer): Buffer {
  if (ciphertext.length < 2) throw new SealedValueError('sealed value is too short');
  const rsaLength = ciphertext.readUInt16BE(0);
  if (ciphertext.length < 2 + rsaLength + GCM_TAG_BYTES) throw new SealedValueError('sealed value is too short');
  let sessionKey: Buffer;
  try {
    sessionKey = privateDecrypt(oaep(privateKey, label), ciphertext.subarray(2, 2 + rsaLength));
  } catch {
    throw new SealedValueError('cannot decrypt the session key: wrong key, or sealed for another namespace/name (scope label)');
  }
  if (sessionKey.length !== SESSION_KEY_BYTES)
    throw new SealedValueError(`session key has ${sessionKey.length} bytes, expected ${SESSION_KEY_BYTES}`);
  const aes = ciphertext.subarray(2 + rsaLength);
  const decipher = createDecipheriv('aes-256-gcm', sessionKey, GCM_NONCE);
  decipher.setAuthTag(aes.subarray(aes.length - GCM_TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(aes.subarray(0, aes.length - GCM_TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedValueError('sealed value fails its AES-GCM authentication: damaged');
  }
}

function oaep(key: KeyObject, label: Buffer) {
  return { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label };
}
