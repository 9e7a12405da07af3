import { describe, expect, it } from 'vitest';
import {
  expertReport,
  expertReportMarkdown,
  expertReportText,
} from '../../src/model/expert-report.ts';
import type { MoeModel } from '../../src/model/moe-model.ts';
import { QuantizedMoeModel } from '../../src/model/quantized-moe-model.ts';
import { SoftmaxModel } from '../../src/model/softmax-model.ts';
import { Student } from '../../src/model/student.ts';
import { examples, metadata, routedByCharacter, settings } from './expert-fixtures.ts';

describe('expertReport', () => {
  it('finds each expert specialisation', () => {
    const report = expertReport(routedByCharacter(), examples, { minCount: 2 });
    expect(report.appeals).toBe(16);
    const [first, second] = report.profiles;
    expect(first!.routed).toBe(6);
    expect(second!.routed).toBe(10);
    expect(first!.top1Share).toBeCloseTo(6 / 16, 10);
    expect(first!.meanGateProbability + second!.meanGateProbability).toBeCloseTo(1, 6);
    expect(first!.meanGateProbability).toBeGreaterThan(0.3);
    expect(report.meanTopProbability).toBeGreaterThan(0.5);
    expect(report.gateRange[0]).toBeLessThan(0.5);
    expect(report.gateRange[1]).toBeGreaterThan(report.meanTopProbability);
    expect(first!.categories[0]).toMatchObject({ value: 'X', count: 6 });
    expect(first!.categories[0]!.lift).toBeCloseTo(1 / (6 / 16), 6);
    expect(first!.places[0]!.value).toBe('A7县');
    expect(first!.appealTypes[0]!.value).toBe('consultation');
    expect(second!.categories[0]).toMatchObject({ value: 'Y', count: 10 });
    expect(second!.places[0]).toMatchObject({ value: 'B市', count: 9 });
    expect(second!.appealTypes[0]!.value).toBe('complaint');
    // Expert 1 has one A7县 appeal, below minCount and under-represented.
    expect(second!.places.some((entry) => entry.value === 'A7县')).toBe(false);
  });

  it('routes quantized like float', () => {
    const student = routedByCharacter();
    const quantized = new Student({
      ...student,
      model: QuantizedMoeModel.fromModel(student.model as MoeModel),
    });
    const report = expertReport(quantized, examples);
    expect(report.profiles.map((profile) => profile.routed)).toEqual([6, 10]);
  });

  it('prints every expert', () => {
    const report = expertReport(routedByCharacter(), examples, { minCount: 2 });
    const markdown = expertReportMarkdown(report);
    expect(markdown.split('\n').filter((line) => line.startsWith('| 1 '))).toHaveLength(1);
    expect(markdown).toContain('X ×2.7 (6)');
    expect(expertReportText(report)).toContain('A7县 ×');
  });

  it('rejects a model without experts', () => {
    const student = new Student({
      labels: ['X', 'Y'],
      settings,
      model: new SoftmaxModel(settings.buckets, 2),
      temperature: 1,
      metadata,
    });
    expect(() => expertReport(student, examples)).toThrow(/has no experts/);
  });
});
