import { describe, expect, it } from 'vitest';
import { loadUserDictionary, segment } from '../../src/text/segment.ts';
import { hasTraditional, toSimplified } from '../../src/text/simplified.ts';

describe('segment with a user dictionary', () => {
  // Entries with small counts must not split words the base dictionary
  // already knows (jieba replaces frequencies instead of adding to them).
  loadUserDictionary(
    ['小区 1 n', '停水 1 v', '云南 2 ns', '12345热线 3 n', '接诉即办 3 n'].join(
      '\n',
    ),
  );

  it.each([
    ['小区停水三天了', '小区/停水/三天/了'],
    ['我下周去云南出差', '我/下周/去/云南/出差'],
    ['拨打12345热线反映', '拨打/12345热线/反映'],
    ['落实接诉即办要求', '落实/接诉即办/要求'],
  ])('keeps %s whole', (text, expected) => {
    expect(segment(text).join('/')).toBe(expected);
  });

  it('rejects a non-numeric frequency', () => {
    expect(() => loadUserDictionary('物业费 many n', 'user.dict')).toThrow(
      /user\.dict line 1: frequency "many" is not a non-negative number/,
    );
  });
});

describe('toSimplified', () => {
  it('folds Traditional place names', () => {
    expect(toSimplified('廣東省佛山市順德區河北街8號')).toBe(
      '广东省佛山市顺德区河北街8号',
    );
  });

  it('returns Simplified text unchanged', () => {
    const text = '小区门口路灯不亮，已经三天了';

    expect(hasTraditional(text)).toBe(false);
    expect(toSimplified(text)).toBe(text);
  });
});
