import { Kysely, Migration, sql } from 'kysely';

/**
 * Versioned schema migrations, applied in name order by Kysely's Migrator (which records them in
 * `kysely_migration` and, on PostgreSQL, holds an advisory lock while it runs, so replicas starting
 * together do not collide). Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  // The schema the server kept in SQLite before this migrator (`PRAGMA user_version = 1`): on such a file
  // the tables exist already and this is a no-op, so existing users and tokens stay.
  '0001_users_and_tokens': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('user', 'admin')`))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tokens')
        .ifNotExists()
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('user_name', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tokens_by_user').ifNotExists().on('tokens').column('user_name').execute();
      await db.schema.createIndex('tokens_by_expiry').ifNotExists().on('tokens').column('expires_at').execute();
    },
  },
  '0002_case_insensitive_user_names': {
    async up(db: Kysely<any>) {
      await renameCaseDuplicates(db);
      await db.schema
        .createIndex('users_by_lower_name')
        .unique()
        .on('users')
        .expression(sql`lower(name)`)
        .execute();
    },
  },
  '0003_login_attempts': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('login_attempts')
        .addColumn('user_key', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('last_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('blocked_until', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('login_attempts_pk', ['user_key', 'address'])
        .execute();
      await db.schema.createIndex('login_attempts_by_time').on('login_attempts').column('last_attempt_at').execute();
    },
  },
  // Failures alone delay logins; attempts being checked are counted apart, so concurrent correct logins
  // are never refused. The old counts mixed both: start afresh (at worst one window of forgotten failures).
  '0004_login_attempts_in_flight': {
    async up(db: Kysely<any>) {
      await db.deleteFrom('login_attempts').execute();
      await db.schema
        .alterTable('login_attempts')
        .addColumn('in_flight', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};

/**
 * Before names became case-insensitive, `Admin` and `admin` could both exist. The oldest of each such
 * group keeps its name (the bootstrap `admin` is the oldest admin); the others become
 * `<name>-renamed-<n>` with their password and role, and lose their tokens (they log in again under the
 * new name, which an admin can see in users/list). Nothing is deleted.
 */
async function renameCaseDuplicates(db: Kysely<any>): Promise<void> {
  const users: { name: string; created_at: number | string }[] = await db
    .selectFrom('users')
    .select(['name', 'created_at'])
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  const taken = new Set(users.map((u) => u.name.toLowerCase()));
  const seen = new Set<string>();
  for (const user of users) {
    const key = user.name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    let n = 1;
    let renamed: string;
    do renamed = `${user.name.slice(0, 50)}-renamed-${n++}`;
    while (taken.has(renamed.toLowerCase()));
    taken.add(renamed.toLowerCase());
    await db.deleteFrom('tokens').where('user_name', '=', user.name).execute();
    await db.updateTable('users').set({ name: renamed }).where('name', '=', user.name).execute();
  }
}
