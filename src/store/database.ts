import path from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
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
export function resolveDatabasePath(flag: string | undefined): string {
  return flag ?? process.env['HOTLINE_DB'] ?? 'hotline.db';
}

/**
 * Opens (and creates) the SQLite store in WAL mode and runs pending
 * migrations.
 *
 * @throws InvalidArgumentError when the file cannot be opened as SQLite.
 */
export async function openStore(file: string): Promise<Store> {
  const resolved = path.resolve(file);
  let sqlite: Database.Database;
  try {
    mkdirSync(path.dirname(resolved), { recursive: true });
    sqlite = new Database(resolved);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new InvalidArgumentError({
      parameter: '--db',
      value: file,
      message:
        `cannot open the database "${file}" as SQLite: ` +
        `${(error as Error).message}. Pass --db with a writable path ` +
        'to a hotline database or to a new file.',
      cause: error,
    });
  }
  const db = new Kysely<CoreDatabase>({
    dialect: new SqliteDialect({ database: sqlite }),
  });
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
    sqlite,
    path: resolved,
    close: () => db.destroy(),
  };
}
