import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';

import { ensureAdmin } from '../../api-server/auth/bootstrap';
import { createPasswordHasher } from '../../api-server/auth/passwords';
import { createTokenStore } from '../../api-server/auth/token-store';
import { createUserStore } from '../../api-server/auth/user-store';
import { openDatabase } from '../../api-server/database';

/** The SQLite schema as the server created it before the migrator (`PRAGMA user_version = 1`), verbatim. */
const SCHEMA_BEFORE_MIGRATOR = `CREATE TABLE users (
     name TEXT PRIMARY KEY,
     password_hash TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('user', 'admin')),
     created_at INTEGER NOT NULL
   );
   CREATE TABLE tokens (
     hash TEXT PRIMARY KEY,
     user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
     expires_at INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX tokens_by_user ON tokens(user_name);
   CREATE INDEX tokens_by_expiry ON tokens(expires_at);`;

describe('SQLite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dataroaster-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('creates the file (0600) and its folder, migrates once, keeps data across reopen', async () => {
    const file = join(dir, 'nested', 'dataroaster.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    await createUserStore(db, () => 1).insert({ name: 'alice', passwordHash: 'x', role: 'user' });
    await db.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = openDatabase({ kind: 'sqlite', file });
    expect(await createUserStore(again, () => 1).list()).toEqual([{ name: 'alice', role: 'user' }]);
    const applied = await again.run((k) =>
      k
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute(),
    );
    expect(applied.map((m) => (m as { name: string }).name)).toEqual([
      '0001_users_and_tokens',
      '0002_case_insensitive_user_names',
      '0003_login_attempts',
      '0004_login_attempts_in_flight',
    ]);
    await again.close();
  });

  test('a file written by the server before the migrator stays readable: users, tokens; Admin/admin pairs are renamed, not lost', async () => {
    // Given a database as the previous server left it, with names that differ only in case
    const file = join(dir, 'dataroaster.sqlite');
    const raw = new Database(file);
    raw.exec(SCHEMA_BEFORE_MIGRATOR);
    raw.pragma('user_version = 1');
    const insertUser = raw.prepare('INSERT INTO users VALUES (?, ?, ?, ?)');
    insertUser.run('admin', 'hash-admin', 'admin', 1000);
    insertUser.run('Admin', 'hash-Admin', 'user', 2000);
    insertUser.run('bob', 'hash-bob', 'user', 3000);
    const insertToken = raw.prepare('INSERT INTO tokens VALUES (?, ?, ?, ?)');
    insertToken.run('a'.repeat(64), 'admin', 9_999_999_999_999, 1000);
    insertToken.run('b'.repeat(64), 'Admin', 9_999_999_999_999, 2000);
    raw.close();
    // When today's server opens it
    const db = openDatabase({ kind: 'sqlite', file });
    const users = createUserStore(db, () => 5000);
    // Then everything is there; the younger of the pair got a new name and lost only its token
    expect(await users.list()).toEqual([
      { name: 'Admin-renamed-1', role: 'user' },
      { name: 'admin', role: 'admin' },
      { name: 'bob', role: 'user' },
    ]);
    expect((await users.find('ADMIN'))!.passwordHash).toBe('hash-admin');
    expect((await users.find('admin-renamed-1'))!.passwordHash).toBe('hash-Admin');
    const tokens = createTokenStore(db);
    expect(await tokens.findValid('a'.repeat(64), 5000)).toEqual({ name: 'admin', role: 'admin', expiresAt: 9_999_999_999_999 });
    expect(await tokens.findValid('b'.repeat(64), 5000)).toBeUndefined();
    await db.close();
  });

  test('refuses a database from a newer server', async () => {
    const file = join(dir, 'dataroaster.sqlite');
    const raw = new Database(file);
    raw.pragma('user_version = 7');
    raw.close();
    expect(() => openDatabase({ kind: 'sqlite', file })).toThrow('database schema version 7 is newer than this server knows (1); upgrade the server');
  });

  test('refuses a database migrated by a newer server', async () => {
    const file = join(dir, 'dataroaster.sqlite');
    const db = openDatabase({ kind: 'sqlite', file });
    await db.migrate();
    await db.run((k) =>
      k
        .insertInto('kysely_migration' as never)
        .values({ name: '9999_future', timestamp: 'x' } as never)
        .execute(),
    );
    await db.close();
    const again = openDatabase({ kind: 'sqlite', file });
    await expect(again.migrate()).rejects.toThrow(/the database was migrated by a newer server .*upgrade the server/);
    await again.close();
  });

  test('roles are constrained by the schema', async () => {
    const db = openDatabase({ kind: 'sqlite', file: join(dir, 'dataroaster.sqlite') });
    await expect(
      db.run((k) =>
        k
          .insertInto('users')
          .values({ name: 'x', password_hash: 'h', role: 'root' as never, created_at: 0 })
          .execute(),
      ),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_CHECK' });
    await db.close();
  });
});

describe('admin bootstrap', () => {
  let dir: string;
  const hasher = createPasswordHasher(10);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dataroaster-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => hasher.close());

  test('first start without a configured password: a random 32-hex password for admin, once', async () => {
    const db = openDatabase({ kind: 'sqlite', file: join(dir, 'dataroaster.sqlite') });
    const users = createUserStore(db, () => 1);
    const first = await ensureAdmin(users, hasher, undefined);
    expect(first).toEqual({ created: true, generatedPassword: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const stored = (await users.find('admin'))!;
    expect(stored.role).toBe('admin');
    expect(await hasher.verify((first as { generatedPassword: string }).generatedPassword, stored.passwordHash)).toBe(true);
    expect(await ensureAdmin(users, hasher, undefined)).toEqual({ created: false });
    await db.close();
  });

  test('a configured password is used and not echoed; a weak one is refused', async () => {
    const db = openDatabase({ kind: 'sqlite', file: join(dir, 'dataroaster.sqlite') });
    const users = createUserStore(db, () => 1);
    await expect(ensureAdmin(users, hasher, 'short')).rejects.toThrow('DATAROASTER_ADMIN_PASSWORD: must be at least 8 characters');
    expect(await ensureAdmin(users, hasher, 'configured-pw')).toEqual({ created: true, generatedPassword: undefined });
    expect(await hasher.verify('configured-pw', (await users.find('admin'))!.passwordHash)).toBe(true);
    await db.close();
  });
});
