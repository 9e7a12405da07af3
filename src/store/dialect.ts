import path from 'node:path';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteDialect, type Dialect } from 'kysely';
import { InvalidArgumentError } from '../errors/index.ts';
import { withStatementCache } from './statement-cache.ts';

/** A Kysely dialect plus the raw connection behind it, when there is one. */
export interface OpenedDialect {
  dialect: Dialect;
  /** The SQLite connection; null for a server database. */
  sqlite: Database.Database | null;
  /** Absolute file path for SQLite, the URL without password otherwise. */
  location: string;
}

const postgresUrl = /^postgres(?:ql)?:\/\//i;

/**
 * Chooses the SQL dialect for a `--db` value: a `postgres://` URL selects
 * PostgreSQL, anything else is a SQLite file path (created when missing,
 * opened in WAL mode so readers do not block a running import).
 *
 * Domain code only uses Kysely, so adding a dialect changes this file and
 * the migrations, nothing else.
 *
 * @throws InvalidArgumentError when the value cannot be opened.
 */
export function openDialect(target: string): OpenedDialect {
  if (postgresUrl.test(target)) {
    // TODO: PostgreSQL through `pg` and Kysely's PostgresDialect. The core
    // migration still uses SQLite's autoincrement and needs an identity
    // column on PostgreSQL first.
    throw new InvalidArgumentError({
      parameter: '--db',
      value: target.replace(/\/\/[^@/]*@/, '//'),
      message:
        'PostgreSQL databases are not supported yet by this build. ' +
        'Pass --db with a SQLite file path such as ./hotline.db.',
    });
  }
  const resolved = path.resolve(target);
  try {
    mkdirSync(path.dirname(resolved), { recursive: true });
    const sqlite = new Database(resolved);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return {
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
      sqlite,
      location: resolved,
    };
  } catch (error) {
    throw new InvalidArgumentError({
      parameter: '--db',
      value: target,
      message:
        `cannot open the database "${target}" as SQLite: ` +
        `${(error as Error).message}. Pass --db with a writable path ` +
        'to a hotline database or to a new file.',
      cause: error,
    });
  }
}
