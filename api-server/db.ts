import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { makePrivate } from './data-dir';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. SQLite holds only
 * users and token hashes: components live in the GitOps repository.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
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
   CREATE INDEX tokens_by_expiry ON tokens(expires_at);`,
];

/** Opens (creating if needed) the server's SQLite file and brings its schema up to date. */
export function openDatabase(file: string): Db {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Password hashes and token hashes: readable by the server alone, whatever the umask made them.
  for (const path of [file, `${file}-wal`, `${file}-shm`]) makePrivate(path);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(`database schema version ${version} is newer than this server knows (${MIGRATIONS.length}); upgrade the server`);
  }
  db.transaction(() => {
    MIGRATIONS.slice(version).forEach((sql) => db.exec(sql));
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}
