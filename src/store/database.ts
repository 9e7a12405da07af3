import type Database from 'better-sqlite3';
import { Kysely, Migrator, type MigrationProvider } from 'kysely';
import { openDialect } from './dialect.ts';
import { migrations } from './migrations/index.ts';
import type { CoreDatabase } from './schema.ts';
import { InvalidArgumentError } from '../errors/index.ts';

/** An open store: the Kysely handle plus the raw SQLite connection. */
export interface Store {
  db: Kysely<CoreDatabase>;
  /** The underlying connection; null once PostgreSQL backs the store. */
  sqlite: Database.Database | null;
  path: string;
  close(): Promise<void>;
}

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** Resolves the database path: the flag, then HOTLINE_DB, then ./hotline.db. */
export function resolveDatabasePath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return flag ?? env['HOTLINE_DB'] ?? 'hotline.db';
}

/**
 * Opens (and creates) the store chosen by `openDialect` and runs pending
 * migrations.
 *
 * @throws InvalidArgumentError when the database cannot be opened or
 * migrated.
 */
export async function openStore(file: string): Promise<Store> {
  const opened = openDialect(file);
  const db = new Kysely<CoreDatabase>({ dialect: opened.dialect });
  const migrator = new Migrator({ db, provider });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw new InvalidArgumentError({
      parameter: '--db',
      value: file,
      message:
        `cannot migrate the database "${file}": ${String(error)}. ` +
        'Is it a hotline database? Use another --db path for a new store.',
      cause: error,
    });
  }
  return {
    db,
    sqlite: opened.sqlite,
    path: opened.location,
    close: () => db.destroy(),
  };
}
