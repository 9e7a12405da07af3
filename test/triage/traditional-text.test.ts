import { describe, expect, it } from 'vitest';
import { extractElements } from '../../src/extract/index.ts';
import { createTriagePipeline } from '../../src/triage/triage.ts';

describe('Traditional text in triage', async () => {
  const pipeline = await createTriagePipeline({ now: () => new Date('2024-05-17T08:00:00Z') });

  it('finds the appeal type', () => {
    expect(extractElements('', '請問社保卡怎麼辦理').appealType).toBe('consultation');
    expect(extractElements('', '请问社保卡怎么办理').appealType).toBe('consultation');
  });

  it.each([
    ['小區物業亂收費', '小区物业乱收费'],
    ['拖欠工資三個月', '拖欠工资三个月'],
  ])('routes %s like %s', (traditional, simplified) => {
    const folded = pipeline.triage({ title: '', body: traditional, receivedAt: null });
    const plain = pipeline.triage({ title: '', body: simplified, receivedAt: null });
    expect(folded.departments.map((d) => d.department)).toEqual(
      plain.departments.map((d) => d.department),
    );
    expect(folded.category).toBe(plain.category);
  });
});
