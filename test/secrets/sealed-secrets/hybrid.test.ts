import { execFileSync } from 'node:child_process';
import { createDecipheriv, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { hybridDecrypt, hybridEncrypt } from '../../../src/secrets/sealed-secrets/hybrid';
import { encryptionLabel } from '../../../src/secrets/sealed-secrets/scope';
import { otherTestKeys, testKeys } from '../support';

const publicKey = () => createPublicKey(testKeys().certificatePem);

describe('hybridEncrypt / hybridDecrypt (sealed-secrets pkg/crypto)', () => {
  const label = encryptionLabel('data', 'db-credentials', 'strict');

  test('round trip: what is sealed for a label opens with the private key and that label', () => {
    const sealed = hybridEncrypt(publicKey(), Buffer.from('s3cr3t-ä'), label);
    expect(hybridDecrypt(testKeys().privateKey, sealed, label).toString('utf8')).toBe('s3cr3t-ä');
  });

  test('byte layout: uint16 BE RSA length || RSA ciphertext (modulus size) || AES-GCM ciphertext || 16-byte tag', () => {
    const plaintext = Buffer.from('0123456789');
    const sealed = hybridEncrypt(publicKey(), plaintext, label);
    expect(sealed.readUInt16BE(0)).toBe(256); // 2048-bit key
    expect(sealed.length).toBe(2 + 256 + plaintext.length + 16);
  });

  test('the session key opens with OpenSSL (RSA-OAEP, SHA-256, label = namespace/name), and the rest is AES-256-GCM with a zero nonce', () => {
    // Given a value sealed by us, and OpenSSL as an independent RSA-OAEP implementation
    const sealed = hybridEncrypt(publicKey(), Buffer.from('hunter2'), label);
    const dir = mkdtempSync(join(tmpdir(), 'hybrid-'));
    try {
      writeFileSync(join(dir, 'key.pem'), testKeys().privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(dir, 'session.bin'), sealed.subarray(2, 2 + sealed.readUInt16BE(0)));
      // When OpenSSL decrypts the RSA part with the label the controller uses
      const sessionKey = execFileSync('openssl', [
        'pkeyutl',
        '-decrypt',
        '-inkey',
        join(dir, 'key.pem'),
        '-in',
        join(dir, 'session.bin'),
        '-pkeyopt',
        'rsa_padding_mode:oaep',
        '-pkeyopt',
        'rsa_oaep_md:sha256',
        '-pkeyopt',
        'rsa_mgf1_md:sha256',
        '-pkeyopt',
        `rsa_oaep_label:${label.toString('hex')}`,
      ]);
      // Then it is a 32-byte AES key that opens the remainder with twelve zero bytes as nonce
      expect(sessionKey.length).toBe(32);
      const aes = sealed.subarray(2 + sealed.readUInt16BE(0));
      const decipher = createDecipheriv('aes-256-gcm', sessionKey, Buffer.alloc(12));
      decipher.setAuthTag(aes.subarray(aes.length - 16));
      expect(Buffer.concat([decipher.update(aes.subarray(0, aes.length - 16)), decipher.final()]).toString()).toBe('hunter2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every value gets a fresh session key: sealing twice gives different bytes', () => {
    expect(hybridEncrypt(publicKey(), Buffer.from('x'), label).equals(hybridEncrypt(publicKey(), Buffer.from('x'), label))).toBe(false);
  });

  test.each([
    ['another namespace', encryptionLabel('other', 'db-credentials', 'strict')],
    ['another name', encryptionLabel('data', 'other', 'strict')],
    ['the namespace-wide label', encryptionLabel('data', 'db-credentials', 'namespace-wide')],
    ['the cluster-wide (empty) label', encryptionLabel('data', 'db-credentials', 'cluster-wide')],
  ])('does not open with %s', (_, wrong) => {
    const sealed = hybridEncrypt(publicKey(), Buffer.from('x'), label);
    expect(() => hybridDecrypt(testKeys().privateKey, sealed, wrong)).toThrow(
      'cannot decrypt the session key: wrong key, or sealed for another namespace/name (scope label)',
    );
  });

  test('does not open with another private key', () => {
    const sealed = hybridEncrypt(publicKey(), Buffer.from('x'), label);
    expect(() => hybridDecrypt(otherTestKeys().privateKey, sealed, label)).toThrow(/cannot decrypt the session key/);
  });

  test('refuses a damaged or truncated value', () => {
    const sealed = hybridEncrypt(publicKey(), Buffer.from('value'), label);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 20] ^= 1;
    expect(() => hybridDecrypt(testKeys().privateKey, flipped, label)).toThrow('sealed value fails its AES-GCM authentication: damaged');
    expect(() => hybridDecrypt(testKeys().privateKey, Buffer.from([1]), label)).toThrow('sealed value is too short');
    expect(() => hybridDecrypt(testKeys().privateKey, sealed.subarray(0, 200), label)).toThrow('sealed value is too short');
  });
});

describe('encryptionLabel (sealed-secrets EncryptionLabel)', () => {
  test.each([
    ['strict', 'myns/myname'],
    ['namespace-wide', 'myns'],
    ['cluster-wide', ''],
  ] as const)('%s → "%s"', (scope, expected) => {
    expect(encryptionLabel('myns', 'myname', scope).toString()).toBe(expected);
  });
});
