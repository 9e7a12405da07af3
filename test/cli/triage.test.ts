import { describe, expect, it, vi } from 'vitest';
import { runCli } from './capture.ts';

vi.mock('../../src/run/load-run-modules.ts', async () => {
  const fake = await import('./fixtures/fake-run-modules.ts');
  return { loadRunModules: fake.loadFakeRunModules };
});

describe('hotline triage', () => {
  it('masks personal data before triage', async () => {
    const output = await runCli([
      'triage',
      '路灯坏了，请回电13812345678',
      '--title',
      '城乡建设：路灯',
      '--json',
    ]);
    expect(output.code).toBe(0);
    const result = JSON.parse(output.stdout) as Record<string, unknown>;
    expect(result['body']).toBe('路灯坏了，请回电138****5678');
    expect(result['category']).toBe('城乡建设');
    expect(output.stdout).not.toContain('13812345678');
  });

  it('prints a readable result', async () => {
    const output = await runCli(['triage', '学校乱收费', '--title', '教育文体：收费']);
    expect(output.code).toBe(0);
    expect(output.stdout).toMatch(/^title: +教育文体：收费$/m);
    expect(output.stdout).toMatch(/^category: +教育文体 \(90\.0%\)$/m);
    expect(output.stdout).toMatch(/^department: +市住房和城乡建设局 \[city\]/m);
  });

  it('rejects empty text', async () => {
    const output = await runCli(['triage', '  ']);
    expect(output.code).toBe(1);
    expect(output.stderr).toMatch(/the appeal text is empty\. Pass the text/);
  });
});
