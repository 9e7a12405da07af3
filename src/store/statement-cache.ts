import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept prepared; the cache is emptied when full. */
const maxStatements = 512;

/**
 * Wraps a SQLite connection so that Kysely reuses prepared statements.
 * Kysely prepares every query anew, and compiling SQL was the largest
 * single cost of a request in the server's profile. A statement that is
 * still being iterated (a streamed query) is never handed out twice: a
 * busy one gets a fresh, uncached statement.
 */
export function withStatementCache(sqlite: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached !== undefined && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (cached === undefined) {
        if (cache.size >= maxStatements) cache.clear();
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
