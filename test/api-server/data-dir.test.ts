import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { prepareDataDir } from '../../api-server/data-dir';
import { openDatabase } from '../../api-server/database';
import { SEALING_KEYS_DIRECTORY } from '../../src/secrets/sealing-keys';
import { compileServer, logLines, startServer } from './support/server-process';

const modeOf = (path: string) => `0${(statSync(path).mode & 0o777).toString(8)}`;

describe('the data directory: files 0600, folders 0700, whoever made the directory', () => {
  let cwd: string;
  let umask: number;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'dataroaster-modes-'));
    umask = process.umask(0o022); // the usual umask: without our own, files come out 0644
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(cwd, { recursive: true, force: true });
  });

  test('prepareDataDir creates a missing directory 0700, and warns about an existing one open to others', () => {
    const warnings: unknown[] = [];
    const log = { warn: (...args: unknown[]) => warnings.push(args) };
    prepareDataDir(join(cwd, 'fresh'), log as never);
    expect([modeOf(join(cwd, 'fresh')), warnings]).toEqual(['0700', []]);

    mkdirSync(join(cwd, 'shared'), { mode: 0o755 });
    prepareDataDir(join(cwd, 'shared'), log as never);
    expect(warnings).toEqual([[{ dataDir: join(cwd, 'shared'), mode: '0755' }, expect.stringContaining('is open to other users (mode 0755)')]]);
  });

  test('the SQLite file and its journal are 0600 under a 022 umask, also when they existed 0644', async () => {
    const file = join(cwd, 'dataroaster.sqlite');
    const first = openDatabase({ kind: 'sqlite', file });
    await first.migrate(); // writes the journal
    await first.close();
    expect(modeOf(file)).toBe('0600');
    chmodSync(file, 0o644);
    const again = openDatabase({ kind: 'sqlite', file });
    await again.migrate();
    expect([modeOf(file), modeOf(`${file}-wal`)]).toEqual(['0600', '0600']);
    await again.close();
  });

  describe('npm start on a data directory someone made 0755', () => {
    beforeAll(() => compileServer(), 120_000);

    test('the database, the sealing keys and the repository (whose config holds the remote URL) are private; the log warns', async () => {
      // Given a data directory made by someone else, open to all
      const dataDir = join(cwd, '.dataroaster');
      mkdirSync(dataDir, { mode: 0o755 });
      // When the server starts (under a 022 umask)
      const server = await startServer(cwd, { DATAROASTER_ADMIN_PASSWORD: 'admin-password-1' });
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      // Then
      const keys = join(dataDir, SEALING_KEYS_DIRECTORY);
      expect({
        database: modeOf(join(dataDir, 'dataroaster.sqlite')),
        keysFolder: modeOf(keys),
        privateKey: modeOf(join(keys, 'tls.key')),
        hashKey: modeOf(join(keys, 'hash.key')),
        repository: modeOf(join(dataDir, 'gitops.git')),
        repositoryConfig: modeOf(join(dataDir, 'gitops.git', 'config')),
      }).toEqual({
        database: '0600',
        keysFolder: '0700',
        privateKey: '0600',
        hashKey: '0600',
        repository: '0700',
        repositoryConfig: '0600',
      });
      expect(logLines(server.stdout())).toContainEqual(
        expect.objectContaining({ level: 'warn', mode: '0755', msg: expect.stringContaining(`data directory ${dataDir} is open to other users`) }),
      );

      // Given files an older version left open
      chmodSync(join(dataDir, 'dataroaster.sqlite'), 0o644);
      chmodSync(join(dataDir, 'gitops.git', 'config'), 0o644);
      // When it starts again, they are narrowed
      const again = await startServer(cwd, { DATAROASTER_ADMIN_PASSWORD: 'admin-password-1' });
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
      expect([modeOf(join(dataDir, 'dataroaster.sqlite')), modeOf(join(dataDir, 'gitops.git', 'config'))]).toEqual(['0600', '0600']);
    });
  });
});
