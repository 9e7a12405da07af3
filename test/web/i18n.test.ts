import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';

/** Placeholder names such as `{count}` in a message, sorted. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)]
    .map((match) => match[1] ?? '')
    .sort();
}

describe('message tables', () => {
  const chineseKeys = Object.keys(zhCN).sort();
  const englishKeys = Object.keys(en).sort();

  it('have the same keys', () => {
    expect(englishKeys).toEqual(chineseKeys);
  });

  it('have no empty messages', () => {
    for (const [key, message] of Object.entries(zhCN)) {
      expect(message.trim(), `zh-CN ${key}`).not.toBe('');
    }
    for (const [key, message] of Object.entries(en)) {
      expect(message.trim(), `en ${key}`).not.toBe('');
    }
  });

  it('use the same placeholders', () => {
    const english: Record<string, string> = en;
    for (const [key, message] of Object.entries(zhCN)) {
      expect(placeholders(english[key] ?? ''), key).toEqual(
        placeholders(message),
      );
    }
  });

  it('keep Chinese text out of English', () => {
    for (const [key, message] of Object.entries(en)) {
      // The language switch shows the other language's own name.
      if (key === 'app.language') continue;
      expect(message, key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
