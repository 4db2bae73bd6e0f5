import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { createLogger } from '../../api-server/logging';
import { certificateSourceFromEnv, createServerSealing, ServerSealing } from '../../api-server/sealing';
import { cryptoRandom } from '../../src/secrets/generated';
import type { PlainSecret } from '../../src/secrets/policy';
import { SealedSecretObject, unsealSecret } from '../../src/secrets/sealed-secrets/sealed-secret';
import { otherTestKeys, TestKeys, testKeys } from '../secrets/support';

const SECRET: PlainSecret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'etl' },
  stringData: { password: 's3cret-value' },
};

/** A stand-in for the Sealed Secrets controller's HTTP endpoint: `GET /v1/cert.pem` answers `pem`. */
async function controller(initial: string): Promise<{ url: string; pem: string; requests: number; close(): Promise<void> }> {
  const state = { url: '', pem: initial, requests: 0, close: async () => undefined as void };
  const server: Server = createServer((req, res) => {
    state.requests++;
    if (req.url !== '/v1/cert.pem') return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': 'application/x-pem-file' }).end(state.pem);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/cert.pem`;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}

const unsealedWith = (sealing: ServerSealing, keys: TestKeys) =>
  unsealSecret(sealing.sealer.seal(SECRET, undefined, { random: cryptoRandom }) as SealedSecretObject, keys.privateKey).data.password?.toString();

describe('the sealing certificate of a production server', () => {
  let dir: string;
  const logs: string[] = [];
  const log = createLogger('info', new Writable({ write: (c: Buffer, _e, done) => (logs.push(c.toString()), done()) }));
  const sealings: ServerSealing[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dataroaster-sealing-'));
    logs.length = 0;
  });
  afterEach(() => {
    sealings.splice(0).forEach((s) => s.stop());
    rmSync(dir, { recursive: true, force: true });
  });
  const start = async (env: NodeJS.ProcessEnv, sharedDatabase: boolean, refreshMs?: number) => {
    const sealing = await createServerSealing({ dataDir: dir, env, log, sharedDatabase, refreshMs });
    sealings.push(sealing);
    return sealing;
  };
  const until = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  test('<namespace>/<service> names the controller endpoint kubeseal --fetch-cert reads', () => {
    expect(certificateSourceFromEnv({ DATAROASTER_SEALED_SECRETS_CONTROLLER: 'kube-system/sealed-secrets-controller' })).toEqual({
      kind: 'url',
      url: 'http://sealed-secrets-controller.kube-system.svc:8080/v1/cert.pem',
    });
    expect(certificateSourceFromEnv({ DATAROASTER_SEALED_SECRETS_CONTROLLER: 'sealed/controller:9090' })).toEqual({
      kind: 'url',
      url: 'http://controller.sealed.svc:9090/v1/cert.pem',
    });
    expect(certificateSourceFromEnv({ DATAROASTER_SEALED_SECRETS_CERT: 'https://certs.example/cert.pem' })).toEqual({
      kind: 'url',
      url: 'https://certs.example/cert.pem',
    });
    expect(certificateSourceFromEnv({ DATAROASTER_SEALED_SECRETS_CERT: '/etc/sealing/cert.pem' })).toEqual({
      kind: 'file',
      path: '/etc/sealing/cert.pem',
    });
    expect(() => certificateSourceFromEnv({ DATAROASTER_SEALED_SECRETS_CONTROLLER: 'just-a-name' })).toThrow(
      'DATAROASTER_SEALED_SECRETS_CONTROLLER: expected <namespace>/<service>[:<port>] like "kube-system/sealed-secrets-controller", got "just-a-name"',
    );
    expect(() => certificateSourceFromEnv({ DATAROASTER_SEALED_SECRETS_CONTROLLER: 'a/b', DATAROASTER_SEALED_SECRETS_CERT: '/c' })).toThrow(
      'set either',
    );
  });

  test('fetched from the controller over HTTP, and fetched again after a key rotation', async () => {
    // Given a controller serving key A
    const a = testKeys();
    const b = otherTestKeys();
    const server = await controller(a.certificatePem);
    try {
      const hashKey = join(dir, 'hash.key');
      writeFileSync(hashKey, 'a shared hash key, 32 bytes long');
      const sealing = await start({ DATAROASTER_SEALED_SECRETS_CERT: server.url, DATAROASTER_SEALED_SECRETS_HASH_KEY: hashKey }, true, 50);
      // Then Secrets are sealed for key A
      expect(unsealedWith(sealing, a)).toBe('s3cret-value');
      // When the controller rotates to key B
      server.pem = b.certificatePem;
      await until(() => logs.some((l) => l.includes('the sealing certificate changed')));
      // Then the server seals for B without a restart
      expect(unsealedWith(sealing, b)).toBe('s3cret-value');
      expect(() => unsealedWith(sealing, a)).toThrow();
      // and a controller that stops answering leaves the last certificate in use
      await server.close();
      await until(() => logs.some((l) => l.includes('cannot re-read the sealing certificate')));
      expect(unsealedWith(sealing, b)).toBe('s3cret-value');
    } finally {
      await server.close().catch(() => undefined);
    }
  });

  test('a certificate file is read again too (a ConfigMap updated in place)', async () => {
    const file = join(dir, 'cert.pem');
    writeFileSync(file, testKeys().certificatePem);
    const sealing = await start({ DATAROASTER_SEALED_SECRETS_CERT: file }, false, 50);
    expect(unsealedWith(sealing, testKeys())).toBe('s3cret-value');
    const b = otherTestKeys();
    writeFileSync(file, b.certificatePem);
    await until(() => logs.some((l) => l.includes('the sealing certificate changed')));
    expect(unsealedWith(sealing, b)).toBe('s3cret-value');
  });

  test('a server on an external database refuses to generate a key pair of its own, and says why', async () => {
    await expect(start({}, true)).rejects.toThrow(
      /^with an external database \(DATAROASTER_DATABASE_URL\) replicas share one GitOps repository, so the server does not generate a sealing key pair of its own .*set DATAROASTER_SEALED_SECRETS_CONTROLLER=<namespace>\/<service>/,
    );
  });

  test('a server on an external database needs the shared hash key too', async () => {
    const server = await controller(testKeys().certificatePem);
    try {
      await expect(start({ DATAROASTER_SEALED_SECRETS_CERT: server.url }, true)).rejects.toThrow(
        /set DATAROASTER_SEALED_SECRETS_HASH_KEY to a file shared by all replicas/,
      );
    } finally {
      await server.close();
    }
  });

  test('an unreachable controller at start-up is a clear error, not a hang', async () => {
    const server = await controller(testKeys().certificatePem);
    await server.close();
    await expect(start({ DATAROASTER_SEALED_SECRETS_CERT: server.url }, false)).rejects.toThrow(
      new RegExp(`^cannot fetch the sealing certificate from ${server.url.replace(/[.]/g, '\\.')}: `),
    );
  });

  test('a single server (SQLite) without a certificate still generates its key pair once, as before', async () => {
    const sealing = await start({}, false);
    expect(sealing.certificate).toBe(join(dir, 'sealed-secrets', 'tls.crt'));
  });
});
