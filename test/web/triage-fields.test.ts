import { describe, expect, it } from 'vitest';
import {
  addressOf,
  changedFields,
  divisionOf,
  fieldValuesOf,
} from '../../web/src/api/triage-fields.ts';
import type { TriageResult } from '../../web/src/api/types.ts';

function triageWith(overrides: Partial<TriageResult> = {}): TriageResult {
  return {
    category: '城乡建设',
    confidence: 0.82,
    scores: [{ label: '城乡建设', probability: 0.82 }],
    elements: {
      locations: [
        { text: '岳麓区', start: 0, end: 3, kind: 'division' },
        { text: '麓山路', start: 3, end: 6, kind: 'road' },
        { text: '阳光小区', start: 6, end: 10, kind: 'estate' },
        { text: '麓山路', start: 20, end: 23, kind: 'road' },
      ],
      division: {
        code: '430104',
        path: ['湖南省', '长沙市', '岳麓区'],
        level: 'county',
        town: { code: null, name: '洋湖街道' },
      },
      times: [],
      appealType: 'complaint',
      appealTypeReason: '投诉',
    },
    departments: [
      { department: '住房和城乡建设局', level: 'county', reasons: [] },
    ],
    summary: '阳光小区门口道路破损。',
    modelVersion: 'test',
    ...overrides,
  };
}

describe('addressOf', () => {
  it('joins precise places once', () => {
    expect(addressOf(triageWith())).toBe('麓山路、阳光小区');
  });

  it('falls back to divisions', () => {
    const triage = triageWith();
    triage.elements.locations = [
      { text: '岳麓区', start: 0, end: 3, kind: 'division' },
    ];
    expect(addressOf(triage)).toBe('岳麓区');
  });
});

describe('divisionOf', () => {
  it('adds the town to the path', () => {
    expect(divisionOf(triageWith())).toBe('湖南省 / 长沙市 / 岳麓区 / 洋湖街道');
  });

  it('returns empty without a division', () => {
    const triage = triageWith();
    triage.elements.division = null;
    expect(divisionOf(triage)).toBe('');
  });
});

describe('changedFields', () => {
  const stored = fieldValuesOf(triageWith());

  it('reads the first department', () => {
    expect(stored.department).toBe('住房和城乡建设局');
  });

  it('lists only changed fields', () => {
    const agent = { ...stored, category: '交通运输' };
    expect(changedFields(agent, stored)).toEqual([
      { field: 'category', value: '交通运输' },
    ]);
  });

  it('skips empty agent values', () => {
    const agent = { category: '', appealType: '', location: '', department: '' };
    expect(changedFields(agent, stored)).toEqual([]);
  });

  it('trims agent values', () => {
    const agent = { ...stored, department: '  交通运输局 ' };
    expect(changedFields(agent, stored)).toEqual([
      { field: 'department', value: '交通运输局' },
    ]);
  });
});
