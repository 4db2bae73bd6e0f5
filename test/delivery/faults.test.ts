import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { dirname, join } from 'node:path';

import { createDelivery } from '../../src/delivery';
import { echo, echoSpec } from '../support/echo';
import { request, startDelivery, testConfig } from './support/delivery-fixtures';
import { bareRemote, freePort, git, GitDaemon, tempDir } from './support/git-fixtures';

/** The remote tip as the local clone last saw it. */
const cloneTip = (dataDir: string) => git(join(dataDir, 'gitops-clone'), ['rev-parse', 'refs/remotes/origin/main']).trim();

describe('delivery: faults', () => {
  test('a push rejected by a pre-receive hook: typed error with the hook message, clone reset, works after the hook is gone', async () => {
    // Given a remote whose hook refuses everything
    const remote = bareRemote();
    const config = testConfig({ remoteUrl: remote });
    const delivery = await startDelivery(config);
    const hook = join(remote, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "policy: changes are frozen until Monday" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const tip = git(remote, ['rev-parse', 'main']).trim();
    // When
    const attempt = delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    // Then
    await expect(attempt).rejects.toMatchObject({ name: 'PushRejectedError' });
    await expect(attempt).rejects.toThrow(/^push rejected by the remote: policy: changes are frozen until Monday; .*pre-receive hook declined/);
    expect(git(remote, ['rev-parse', 'main']).trim()).toBe(tip);
    expect(cloneTip(config.dataDir)).toBe(tip);
    expect((await delivery.list()).items).toEqual([]);
    // When the hook is removed, the same change goes through
    rmSync(hook);
    await expect(delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
  });

  test('remote killed mid-run over git://127.0.0.1: typed errors, nothing half-written, success after restart, fsck clean', async () => {
    // Given a git daemon serving a bare remote
    const base = tempDir('daemon-');
    const remote = bareRemote(base, 'gitops.git');
    const daemon = await GitDaemon.start(base);
    const config = testConfig({ remoteUrl: daemon.url('gitops.git'), timeoutMs: 10000 });
    const delivery = await startDelivery(config);
    const acknowledged: string[] = [];
    const failed: string[] = [];
    try {
      // When ten changes run and the daemon is killed after the third is acknowledged
      for (let i = 0; i < 10; i++) {
        const name = `i${i}`;
        try {
          await delivery.apply({ spec: echoSpec(name, { text: 'x' }), ...request() });
          acknowledged.push(name);
        } catch (err) {
          expect(err).toMatchObject({ name: 'GitRemoteError' });
          expect((err as Error).message).toMatch(/^the remote is unreachable: .*(unable to connect|Connection refused)/);
          failed.push(name);
        }
        if (i === 2) await daemon.stop();
      }
      // Then every change after the kill failed with a typed error, and the clone and the index are at the last remote tip
      expect(acknowledged).toEqual(['i0', 'i1', 'i2']);
      expect(failed).toHaveLength(7);
      expect(cloneTip(config.dataDir)).toBe(git(remote, ['rev-parse', 'main']).trim());
      expect((await delivery.list()).items.map((i) => i.name)).toEqual(['i0', 'i1', 'i2']);
      // When the remote is back, the failed changes go through
      await daemon.start();
      for (const name of failed)
        await expect(delivery.apply({ spec: echoSpec(name, { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
    } finally {
      await daemon.stop();
    }
    // Then nothing was lost and the remote is intact
    const folders = git(remote, ['ls-tree', '--name-only', 'main', 'components/echo/']).trim().split('\n');
    expect(folders).toEqual(Array.from({ length: 10 }, (_, i) => `components/echo/i${i}`));
    expect(git(remote, ['fsck', '--strict', '--no-dangling', '--no-progress'])).toBe('');
    expect(git(remote, ['rev-list', '--count', 'main']).trim()).toBe('11');
  });

  test('lock files and temporary packs left by a crash are removed from the clone at start-up', async () => {
    // Given a clone left with a ref lock and a half-written pack by a killed process
    const remote = bareRemote();
    const config = testConfig({ remoteUrl: remote });
    const first = createDelivery({ config, registry: [echo] });
    await first.start();
    await first.apply({ spec: echoSpec('a', { text: 'x' }), ...request() });
    await first.close();
    const lock = join(config.dataDir, 'gitops-clone', 'refs', 'heads', 'main.lock');
    const pack = join(config.dataDir, 'gitops-clone', 'objects', 'pack', 'tmp_pack_x1Y2z3');
    writeFileSync(lock, '');
    writeFileSync(pack, 'half a pack');
    // When the service starts again on the same data directory
    const second = createDelivery({ config, registry: [echo] });
    await second.start();
    // Then they are gone and changes commit
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(pack)).toBe(false);
    await expect(second.apply({ spec: echoSpec('b', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
    await second.close();
  });

  test('a second live process on the same data directory is refused', async () => {
    const config = testConfig({ remoteUrl: bareRemote() });
    const first = await startDelivery(config);
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(join(config.dataDir, 'gitops-clone.owner'), String(process.ppid)); // another live process holds it
    const second = createDelivery({ config, registry: [echo] });
    await expect(second.start()).rejects.toMatchObject({
      name: 'CloneBusyError',
      message: `working clone ${join(config.dataDir, 'gitops-clone')} is in use by process ${process.ppid}`,
    });
    expect(first).toBeDefined();
  });

  test('an unreachable remote at start-up: the start succeeds not ready, says why, and loads once the remote is there', async () => {
    // Given a remote URL with nothing behind it yet
    const missing = join(tempDir(), 'later.git');
    const delivery = createDelivery({ config: testConfig({ remoteUrl: missing, pollMs: 200 }), registry: [echo] });
    // When the delivery starts
    await delivery.start();
    try {
      // Then it is started but not loaded, and every call says why
      expect(delivery.status()).toMatchObject({
        loaded: false,
        writable: false,
        problem: expect.stringMatching(/^the remote is unreachable: .*does not appear to be a git repository/),
      });
      await expect(delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() })).rejects.toMatchObject({
        name: 'RepositoryNotReadyError',
        message: expect.stringMatching(/^the GitOps repository is not loaded yet: the remote is unreachable: /),
      });
      await expect(delivery.list()).rejects.toMatchObject({ name: 'RepositoryNotReadyError' });
      await expect(delivery.checkRemote(5000)).rejects.toMatchObject({ name: 'GitRemoteError' });
      // When the remote appears, the background retry loads it and changes go through
      bareRemote(dirname(missing), 'later.git');
      for (let i = 0; i < 100 && !delivery.status().writable; i++) await new Promise((r) => setTimeout(r, 100));
      expect(delivery.status()).toEqual({ loaded: true, writable: true });
      await expect(delivery.apply({ spec: echoSpec('a', { text: 'x' }), ...request() })).resolves.toMatchObject({ status: 'committed' });
    } finally {
      await delivery.close();
    }
  });

  describe('over HTTP with credentials refused', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      server = createServer((_req, res) => {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
        res.end('denied');
      });
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('is a GitAuthError that never shows the credentials of the URL', async () => {
      const logged: string[] = [];
      const log = {
        info: (o: object, m: string) => logged.push(JSON.stringify(o) + m),
        warn: (o: object, m: string) => logged.push(JSON.stringify(o) + m),
      };
      const delivery = createDelivery({
        config: testConfig({ remoteUrl: `http://robot:s3cr3t-token@127.0.0.1:${port}/gitops.git` }),
        registry: [echo],
        log,
      });
      await delivery.start();
      try {
        const { problem } = delivery.status();
        expect(problem).toMatch(/^the remote refused our credentials: fatal: Authentication failed for 'http:\/\/127\.0\.0\.1:\d+\/gitops\.git\/'$/);
        expect(problem).not.toContain('s3cr3t-token');
        expect(logged.join('\n')).toContain('the remote refused our credentials');
        expect(logged.join('\n')).not.toContain('s3cr3t-token');
      } finally {
        await delivery.close();
      }
    });
  });

  describe('over HTTP with access denied (403: the credentials are known, the permission is missing)', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      server = createServer((_req, res) => {
        res.writeHead(403);
        res.end('Write access to repository not granted.');
      });
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('says what git said, without the credentials, and does not call it a credentials problem', async () => {
      const delivery = createDelivery({
        config: testConfig({ remoteUrl: `http://robot:s3cr3t-token@127.0.0.1:${port}/gitops.git` }),
        registry: [echo],
      });
      await delivery.start();
      try {
        const problem = delivery.status().problem!;
        expect(problem).toMatch(
          /^the remote denied access: fatal: unable to access 'http:\/\/(\*\*\*@)?127\.0\.0\.1:\d+\/gitops\.git\/': The requested URL returned error: 403$/,
        );
        expect(problem).not.toContain('s3cr3t-token');
        await expect(delivery.checkRemote(5000)).rejects.toMatchObject({
          name: 'GitPermissionError',
          message: expect.not.stringContaining('s3cr3t-token'),
        });
      } finally {
        await delivery.close();
      }
    });
  });
});
