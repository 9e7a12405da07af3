import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/store/statement-cache.ts';

describe('withStatementCache', () => {
  const sqlite = new Database(':memory:');
  sqlite.exec('create table t (n integer)');
  sqlite.exec('insert into t values (1), (2), (3)');
  const database = withStatementCache(sqlite);

  it('reuses the statement for the same SQL', () => {
    const a = database.prepare('select n from t');
    const b = database.prepare('select n from t');

    expect(b).toBe(a);
    expect(b.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('gives a fresh statement while the cached one is iterating', () => {
    const sql = 'select n from t order by n';
    const outer = database.prepare(sql);
    const seen: number[] = [];
    for (const row of outer.iterate([]) as Iterable<{ n: number }>) {
      const inner = database.prepare(sql);

      expect(inner).not.toBe(outer);
      seen.push(row.n + (inner.all([]) as unknown[]).length);
    }
    expect(seen).toEqual([4, 5, 6]);
  });
});
