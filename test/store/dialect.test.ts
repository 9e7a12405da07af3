import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, resolveDatabasePath } from '../../src/store/database.ts';
import { openDialect } from '../../src/store/dialect.ts';

describe('openDialect', () => {
  it('opens a SQLite file in WAL mode', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'hotline-dialect-'));
    try {
      const opened = openDialect(path.join(directory, 'nested', 'a.db'));
      expect(opened.location).toBe(path.join(directory, 'nested', 'a.db'));
      expect(opened.sqlite?.pragma('journal_mode', { simple: true })).toBe('wal');
      opened.sqlite?.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('rejects a PostgreSQL URL without echoing the password', () => {
    expect(() => openDialect('postgres://user:secret@127.0.0.1/test')).toThrow(
      /PostgreSQL databases are not supported yet.*--db with a SQLite file/,
    );
    try {
      openDialect('postgres://user:secret@127.0.0.1/test');
    } catch (error) {
      expect((error as { value: unknown }).value).toBe('postgres://127.0.0.1/test');
    }
  });

  it('names a file that is not a database', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'hotline-dialect-'));
    const file = path.join(directory, 'notes.db');
    writeFileSync(file, 'plain text, not SQLite '.repeat(100));
    try {
      await expect(openStore(file)).rejects.toThrow(/notes\.db.*--db/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('resolveDatabasePath', () => {
  it('prefers the flag, then HOTLINE_DB', () => {
    expect(resolveDatabasePath('a.db', { HOTLINE_DB: 'b.db' })).toBe('a.db');
    expect(resolveDatabasePath(undefined, { HOTLINE_DB: 'b.db' })).toBe('b.db');
    expect(resolveDatabasePath(undefined, {})).toBe('hotline.db');
  });
});
