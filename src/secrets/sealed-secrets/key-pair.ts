import { generateKeyPairSync, randomBytes } from 'node:crypto';

import forge from 'node-forge';

export interface SealingKeyPair {
  /** Self-signed certificate of the public key, as the controller's own (`kubeseal --fetch-cert`). */
  readonly certificatePem: string;
  /** PKCS#8 private key; belongs in the cluster's controller and in the data directory, never in Git. */
  readonly privateKeyPem: string;
}

export interface SealingKeyPairOptions {
  /** RSA modulus size; the controller generates 4096-bit keys. @default 4096 */
  readonly bits?: number;
  /** Start of validity. @default now */
  readonly notBefore?: Date;
  /** Validity in years (the controller's own certificates last ten). @default 10 */
  readonly years?: number;
}

/**
 * A key pair like the one the Sealed Secrets controller makes itself (RSA, self-signed, subject
 * CN=sealed-secret, O=sealed-secret). Node's crypto makes the key; it cannot write X.509, so
 * node-forge builds and signs the certificate.
 */
export function createSealingKeyPair(options: SealingKeyPairOptions = {}): SealingKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: options.bits ?? 4096 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const notBefore = options.notBefore ?? new Date();
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + (options.years ?? 10));

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive 128-bit serial (high bit clear, so DER needs no sign byte).
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [
    { name: 'commonName', value: 'sealed-secret' },
    { name: 'organizationName', value: 'sealed-secret' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyEncipherment: true, digitalSignature: true, keyCertSign: true, critical: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { certificatePem: forge.pki.certificateToPem(cert), privateKeyPem };
}
