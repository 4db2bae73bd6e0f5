import { createHash, createPublicKey, KeyObject, X509Certificate } from 'node:crypto';

/** A sealing certificate (or key file) that cannot be used. */
export class SealingCertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface SealingPublicKey {
  readonly publicKey: KeyObject;
  /** Hex SHA-256 of the public key (SubjectPublicKeyInfo DER). */
  readonly fingerprint: string;
}

/**
 * The controller's public key from the PEM `kubeseal --fetch-cert` prints (a bare RSA public key PEM
 * is accepted too). The controller's keys are RSA; anything else is refused here rather than at sealing.
 */
export function readSealingCertificate(pem: string, source = 'sealing certificate'): SealingPublicKey {
  let publicKey: KeyObject;
  try {
    publicKey = pem.includes('-----BEGIN CERTIFICATE-----') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch (err) {
    throw new SealingCertificateError(`${source}: not a PEM certificate or public key (${(err as Error).message})`);
  }
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw new SealingCertificateError(
      `${source}: the Sealed Secrets controller uses RSA keys, this one is ${publicKey.asymmetricKeyType ?? 'unknown'}`,
    );
  }
  const fingerprint = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  return { publicKey, fingerprint };
}
