import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../api-server/db';
import { ensureAdmin } from '../../api-server/auth/bootstrap';
import { createPasswordHasher } from '../../api-server/auth/passwords';
import { createUserStore } from '../../api-server/auth/user-store';

describe('SQLite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dataroaster-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('creates the file and its folder, migrates once, keeps data across reopen', () => {
    const file = join(dir, 'nested', 'dataroaster.sqlite');
    const db = openDatabase(file);
    createUserStore(db, () => 1).insert({ name: 'alice', passwordHash: 'x', role: 'user' });
    db.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(1);
    expect(createUserStore(again, () => 1).list()).toEqual([{ name: 'alice', role: 'user' }]);
    again.close();
  });

  test('refuses a database from a newer server', () => {
    const file = join(dir, 'dataroaster.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 7');
    raw.close();
    expect(() => openDatabase(file)).toThrow('database schema version 7 is newer than this server knows (1); upgrade the server');
  });

  test('roles are constrained by the schema', () => {
    const db = openDatabase(join(dir, 'dataroaster.sqlite'));
    expect(() => db.prepare("INSERT INTO users VALUES ('x', 'h', 'root', 0)").run()).toThrow(/CHECK constraint failed/);
    db.close();
  });
});

describe('admin bootstrap', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dataroaster-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const hasher = createPasswordHasher(10);

  test('first start without a configured password: a random 32-hex password for admin, once', async () => {
    const db = openDatabase(join(dir, 'dataroaster.sqlite'));
    const users = createUserStore(db, () => 1);
    const first = await ensureAdmin(users, hasher, undefined);
    expect(first).toEqual({ created: true, generatedPassword: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const stored = users.find('admin')!;
    expect(stored.role).toBe('admin');
    expect(await hasher.verify((first as { generatedPassword: string }).generatedPassword, stored.passwordHash)).toBe(true);
    expect(await ensureAdmin(users, hasher, undefined)).toEqual({ created: false });
    db.close();
  });

  test('a configured password is used and not echoed; a weak one is refused', async () => {
    const db = openDatabase(join(dir, 'dataroaster.sqlite'));
    const users = createUserStore(db, () => 1);
    await expect(ensureAdmin(users, hasher, 'short')).rejects.toThrow('DATAROASTER_ADMIN_PASSWORD: must be at least 8 characters');
    expect(await ensureAdmin(users, hasher, 'configured-pw')).toEqual({ created: true, generatedPassword: undefined });
    expect(await hasher.verify('configured-pw', users.find('admin')!.passwordHash)).toBe(true);
    db.close();
  });
});
