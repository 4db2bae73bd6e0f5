import type { DatabaseConfig } from '../../../api-server/database';
import { PostgresServer, startPostgres } from '../../support/postgres';

/**
 * The two database back-ends the server supports, for `describe.each(BACKENDS)`: one suite, run on
 * both. `use()` registers the hooks of the back-end in the current `describe` (PostgreSQL: one server
 * for the suite, a new database for each app).
 */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  use(): { database(): Promise<DatabaseConfig | undefined>; server(): PostgresServer | undefined };
}

export const SQLITE: Backend = {
  name: 'sqlite',
  use: () => ({ database: async () => undefined, server: () => undefined }),
};

export const POSTGRES: Backend = {
  name: 'postgres',
  use() {
    let server: PostgresServer | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(async () => server?.stop());
    return {
      database: async () => ({ kind: 'postgres', url: await server!.createDatabase() }),
      server: () => server,
    };
  },
};

export const BACKENDS: readonly Backend[] = [SQLITE, POSTGRES];
