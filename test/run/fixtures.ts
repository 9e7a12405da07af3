import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Appeal } from '../../src/appeal/appeal.ts';
import type {
  AppealRecord,
  AppealTriage,
  ReadAppealsOptions,
} from '../../src/run/run-files.ts';
import type { TriageResult } from '../../src/triage/triage-result.ts';

/** Builds a masked appeal as the ingest module would return it. */
export function makeAppeal(
  title: string,
  body: string,
  overrides: Partial<Appeal> = {},
): Appeal {
  return {
    externalId: null,
    title,
    body,
    receivedAt: '2019-05-01T09:30:00',
    caller: null,
    recordedCategory: null,
    extra: {},
    contentHash: createHash('sha256').update(`${title}\n${body}`).digest('hex'),
    source: { kind: 'file', name: 'memory', row: 1 },
    maskSpans: [],
    warnings: [],
    ...overrides,
  };
}

/** Builds a triage result with the given category and confidence. */
export function makeResult(
  category: string,
  confidence: number,
  overrides: Partial<TriageResult> = {},
): TriageResult {
  return {
    category,
    confidence,
    scores: [{ label: category, probability: confidence }],
    elements: {
      locations: [{ text: '岳麓区', start: 0, end: 3, kind: 'division' }],
      division: { code: '430104', path: ['湖南省', '长沙市', '岳麓区'], level: 'county' },
      times: [],
      appealType: 'complaint',
      appealTypeReason: '含“投诉”',
    },
    departments: [{ department: '市住房和城乡建设局', level: 'city', reasons: ['类别'] }],
    summary: '摘要',
    modelVersion: 'test-model-1',
    ...overrides,
  };
}

/**
 * Reads a tiny line format: `category|title|body` per line, a line `!reason`
 * for a bad row, and a first header line. Honours `skipRows` like the real
 * reader: skipped records are neither yielded nor counted again.
 */
export async function* readPipeFile(
  file: string,
  options: ReadAppealsOptions,
): AsyncIterable<AppealRecord> {
  const text = await readFile(file, 'utf8');
  options.onInfo?.({ encoding: 'utf-8' });
  const lines = text.split('\n').slice(1).filter((line) => line !== '');
  for (let index = options.skipRows ?? 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const row = index + 1;
    if (line.startsWith('!')) {
      yield { kind: 'reject', reject: { file, row, reason: line.slice(1) } };
      continue;
    }
    const [category = '', title = '', body = ''] = line.split('|');
    yield {
      kind: 'appeal',
      appeal: makeAppeal(title, body, {
        recordedCategory: category === '' ? null : category,
        source: { kind: 'file', name: file, row },
      }),
    };
  }
}

/**
 * A deterministic triage: the category is the first word of the title
 * before "：", confidence 0.9; a body of "boom" throws.
 */
export const keywordTriage: AppealTriage = {
  modelVersion: 'test-model-1',
  triage(input) {
    if (input.body === 'boom') throw new Error('model input rejected');
    const category = input.title.split('：')[0] ?? '';
    return makeResult(category, 0.9);
  },
};
