import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/command.ts';
import { createUsersCommand } from '../../src/cli/commands/users.ts';

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function runUsers(argv: string[], password: string) {
  const stdout = new PassThrough();
  const read = collect(stdout);
  const context: CliContext = { stdout, stderr: new PassThrough(), env: {}, exitCode: 0 };
  const program = new Command('hotline').exitOverride();
  createUsersCommand(async () => password)(program, context);
  await program.parseAsync(argv, { from: 'user' });
  return read();
}

describe('users command', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('adds and lists users without printing the password', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'hotline-users-'));
    folders.push(folder);
    const database = path.join(folder, 'hotline.db');
    const added = await runUsers(
      ['users', 'add', 'root', '--role', 'admin', '--db', database],
      'first-admin-password',
    );
    expect(added).toMatch(/Added root \(admin\)/);
    expect(added).not.toContain('first-admin-password');
    const listed = await runUsers(['users', 'list', '--db', database], '');
    expect(listed).toMatch(/^root\tadmin\t-\t/);
    const json = await runUsers(['users', 'list', '--db', database, '--json'], '');
    const user = JSON.parse(json.trim()) as Record<string, unknown>;
    expect(user['username']).toBe('root');
    expect(user['role']).toBe('admin');
    expect(json).not.toMatch(/password|hash|salt/);
  });

  it('rejects an unknown role', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'hotline-users-'));
    folders.push(folder);
    await expect(
      runUsers(
        ['users', 'add', 'x1', '--role', 'boss', '--db', path.join(folder, 'h.db')],
        'long enough password',
      ),
    ).rejects.toThrow(/role "boss" is unknown/);
  });
});
