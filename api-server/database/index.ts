import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool, types } from 'pg';

import { makePrivate } from '../data-dir';
import { AppError, UnavailableError } from '../errors';
import { MIGRATIONS } from './migrations';
import type { Tables } from './schema';

export type { Tables } from './schema';

/** Where users, tokens and login attempts live: a SQLite file (one replica) or PostgreSQL (any number). */
export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | {
      readonly kind: 'postgres';
      /** `postgres://user@host:5432/db`; parts left out come from the usual `PG*` variables, as in libpq. */
      readonly url: string;
      /** A file holding the password (a mounted Secret), re-read for each new connection so a rotation needs no restart. */
      readonly passwordFile?: string;
    };

export class DatabaseError extends AppError {}

/**
 * The server's data-access layer: one typed query builder (Kysely) over SQLite or PostgreSQL.
 * Migrations run on the first use (and `migrate()` at start-up), once; a failed run is retried on the
 * next use. Every query goes through `run`, which turns "the database is not answering" into a 503.
 */
export interface Database {
  readonly kind: DatabaseConfig['kind'];
  /** Runs `work` on the migrated database. @throws UnavailableError when the database cannot be reached */
  run<T>(work: (db: Kysely<Tables>) => Promise<T>): Promise<T>;
  migrate(): Promise<void>;
  /** Throws when the database cannot answer (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The schema version the server kept in `PRAGMA user_version` before the migrator; newer means a newer server. */
const LEGACY_SQLITE_VERSION = 1;

/** How long a query may wait for a connection, and run: a stopped database answers 503 in seconds, never hangs. */
const CONNECT_TIMEOUT_MS = 3000;
const QUERY_TIMEOUT_MS = 10_000;

export function openDatabase(config: DatabaseConfig): Database {
  const db = config.kind === 'sqlite' ? sqliteKysely(config.file) : postgresKysely(config);
  let migrated: Promise<void> | undefined;
  let closed = false;
  const migrate = () => {
    migrated ??= runMigrations(db).catch((err: unknown) => {
      migrated = undefined;
      throw err;
    });
    return migrated;
  };
  const run = async <T>(work: (db: Kysely<Tables>) => Promise<T>): Promise<T> => {
    if (closed) throw new UnavailableError('the database is closed (the server is shutting down)');
    try {
      await migrate();
      return await work(db);
    } catch (err) {
      throw unavailable(err) ?? err;
    }
  };
  return {
    kind: config.kind,
    run,
    migrate: () => run(async () => undefined),
    ping: () => run(async (k) => void (await k.selectFrom('users').select('name').limit(1).execute())),
    async close() {
      closed = true;
      await db.destroy();
    },
  };
}

function sqliteKysely(file: string): Kysely<Tables> {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new SqliteDatabase(file);
  chmodSync(file, 0o600);
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  if (version > LEGACY_SQLITE_VERSION) {
    sqlite.close();
    throw new DatabaseError(`database schema version ${version} is newer than this server knows (${LEGACY_SQLITE_VERSION}); upgrade the server`);
  }
  sqlite.pragma('journal_mode = WAL');
  // The journal holds the same password and token hashes (docs/hardening.md).
  for (const journal of [`${file}-wal`, `${file}-shm`]) makePrivate(journal);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** PostgreSQL `bigint` (our millisecond times) as numbers: they stay far below 2^53. */
const BIGINT_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === BIGINT_OID ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

function postgresKysely(config: Extract<DatabaseConfig, { kind: 'postgres' }>): Kysely<Tables> {
  const { passwordFile } = config;
  const pool = new Pool({
    connectionString: config.url,
    ...(passwordFile ? { password: async () => readFileSync(passwordFile, 'utf8').replace(/\r?\n$/, '') } : {}),
    types: pgTypes,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that the server drops (restart, failover) emits here; without a listener it would
  // crash the process. The pool replaces it on the next query.
  pool.on('error', () => undefined);
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}

async function runMigrations(db: Kysely<Tables>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) } });
  const { error } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const message = error instanceof Error ? error.message : String(error);
  if (/corrupted migrations/.test(message)) {
    throw new DatabaseError(`the database was migrated by a newer server (${message}); upgrade the server`, { cause: error });
  }
  throw unavailable(error) ?? new DatabaseError(`database migration failed: ${message}`, { cause: error });
}

/** Error codes of a database that cannot be reached or is shutting down (Node sockets, PostgreSQL classes 08/57, SQLite busy). */
const UNAVAILABLE_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|08\w{3}|57P0[1-3]|SQLITE_BUSY\w*)$/;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection timeout|Client has encountered a connection error/i;

/** An UnavailableError (503) for an error that says the database is not answering, or undefined. */
function unavailable(err: unknown): UnavailableError | undefined {
  if (err instanceof UnavailableError) return err;
  const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(err);
  const aggregate = (err as { errors?: unknown[] } | undefined)?.errors?.map((e) => (e as { code?: unknown }).code) ?? [];
  if ([code, ...aggregate].some((c) => typeof c === 'string' && UNAVAILABLE_CODES.test(c)) || UNAVAILABLE_MESSAGES.test(text)) {
    return new UnavailableError(`the database is not answering: ${text || String(code)}`, { cause: err });
  }
  return undefined;
}
