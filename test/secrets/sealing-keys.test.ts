import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { hybridDecrypt, hybridEncrypt } from '../../src/secrets/sealed-secrets/hybrid';
import { loadSealingKeys, loadSealingKeysFromEnv } from '../../src/secrets/sealing-keys';
import { testKeys } from './support';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sealing-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

describe('loadSealingKeys', () => {
  test('without a certificate, generates once an RSA-4096 key pair and a hash key under <dataDir>/sealed-secrets, private files 0600', () => {
    // When the server starts for the first time
    const keys = loadSealingKeys({ dataDir: dir });
    // Then
    const folder = join(dir, 'sealed-secrets');
    expect(keys).toMatchObject({ generated: true, certificateFile: join(folder, 'tls.crt'), privateKeyFile: join(folder, 'tls.key') });
    expect(mode(join(folder, 'tls.key'))).toBe(0o600);
    expect(mode(join(folder, 'hash.key'))).toBe(0o600);
    expect(mode(folder)).toBe(0o700);
    expect(keys.hashKey.toString()).toMatch(/^[0-9a-f]{64}$/);
    const cert = new X509Certificate(keys.certificatePem);
    expect(cert.subject).toBe('CN=sealed-secret\nO=sealed-secret');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    // ...and the key in tls.key opens what the certificate seals
    const privateKey = createPrivateKey(readFileSync(join(folder, 'tls.key')));
    const sealed = hybridEncrypt(cert.publicKey, Buffer.from('x'), Buffer.from('ns/name'));
    expect(hybridDecrypt(privateKey, sealed, Buffer.from('ns/name')).toString()).toBe('x');
    // ...and the instructions say how to load it into the controller
    expect(keys.instructions).toContain(
      `kubectl -n kube-system create secret tls dataroaster-sealing-key --cert=${join(folder, 'tls.crt')} --key=${join(folder, 'tls.key')}`,
    );
    expect(keys.instructions).toContain(
      'kubectl -n kube-system label secret dataroaster-sealing-key sealedsecrets.bitnami.com/sealed-secrets-key=active',
    );
    expect(keys.instructions).toContain('rollout restart deployment/sealed-secrets-controller');
  });

  test('on later starts, reuses the generated keys (also when tls.key was moved away)', () => {
    const first = loadSealingKeys({ dataDir: dir, bits: 2048 });
    rmSync(join(dir, 'sealed-secrets', 'tls.key'));
    const second = loadSealingKeys({ dataDir: dir, bits: 2048 });
    expect(second.generated).toBe(false);
    expect(second.certificatePem).toBe(first.certificatePem);
    expect(second.hashKey.equals(first.hashKey)).toBe(true);
  });

  test('DATAROASTER_SEALED_SECRETS_CERT: seals with the controller certificate and generates no key pair', () => {
    const cert = join(dir, 'cert.pem');
    writeFileSync(cert, testKeys().certificatePem);
    const keys = loadSealingKeysFromEnv(join(dir, 'data'), { DATAROASTER_SEALED_SECRETS_CERT: cert });
    expect(keys).toMatchObject({ certificatePem: testKeys().certificatePem, certificateFile: cert, generated: false });
    expect(keys.privateKeyFile).toBeUndefined();
    expect(() => statSync(join(dir, 'data', 'sealed-secrets', 'tls.key'))).toThrow();
    expect(mode(join(dir, 'data', 'sealed-secrets', 'hash.key'))).toBe(0o600);
  });

  test('DATAROASTER_SEALED_SECRETS_HASH_KEY: reads the hash key from that file', () => {
    const cert = join(dir, 'cert.pem');
    writeFileSync(cert, testKeys().certificatePem);
    writeFileSync(join(dir, 'hash'), '  0123456789abcdef0123\n');
    const keys = loadSealingKeysFromEnv(dir, { DATAROASTER_SEALED_SECRETS_CERT: cert, DATAROASTER_SEALED_SECRETS_HASH_KEY: join(dir, 'hash') });
    expect(keys.hashKey.toString()).toBe('0123456789abcdef0123');
  });

  test('accepts a bare RSA public key PEM as well as a certificate', () => {
    const file = join(dir, 'key.pub');
    writeFileSync(file, createPublicKey(testKeys().certificatePem).export({ type: 'spki', format: 'pem' }));
    expect(loadSealingKeys({ dataDir: dir, certificateFile: file }).generated).toBe(false);
  });

  test.each([
    [
      'a missing certificate',
      (d: string) => ({ dataDir: d, certificateFile: join(d, 'nope.pem') }),
      (d: string) => `${join(d, 'nope.pem')}: cannot read sealing certificate: no such file`,
    ],
    [
      'a file that is no certificate',
      (d: string) => (writeFileSync(join(d, 'bad.pem'), 'hello'), { dataDir: d, certificateFile: join(d, 'bad.pem') }),
      (d: string) => `${join(d, 'bad.pem')}: not a PEM certificate or public key`,
    ],
    [
      'a short hash key',
      (d: string) => (writeFileSync(join(d, 'h'), 'short\n'), { dataDir: d, hashKeyFile: join(d, 'h') }),
      (d: string) => `${join(d, 'h')}: sealing hash key has 5 bytes, needs at least 16`,
    ],
    [
      'a missing hash key file',
      (d: string) => ({ dataDir: d, hashKeyFile: join(d, 'none') }),
      (d: string) => `${join(d, 'none')}: cannot read sealing hash key: no such file`,
    ],
  ])('refuses %s with a message naming the file', (_, options, message) => {
    expect(() => loadSealingKeys(options(dir))).toThrow(message(dir));
  });
});
