import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { InvalidArgumentError } from '../errors/index.ts';

let jieba: Jieba | null = null;
let baseFrequencies: Map<string, number> | null = null;

/** Words of the hotline's own domain that jieba's base dictionary splits. */
const domainWords: ReadonlyArray<readonly [string, number, string]> = [
  ['12345热线', 3, 'n'],
  ['接诉即办', 3, 'n'],
  ['物业费', 2000, 'n'],
  ['物业服务费', 2000, 'n'],
  ['乱收费', 2000, 'v'],
  ['违章建筑', 2000, 'n'],
  ['占道经营', 2000, 'v'],
  ['噪音扰民', 2000, 'v'],
  ['拖欠工资', 2000, 'v'],
  ['公积金', 2000, 'n'],
  ['不动产证', 2000, 'n'],
];

function instance(): Jieba {
  if (jieba === null) {
    jieba = Jieba.withDict(dict);
    loadEntries(jieba, domainWords);
  }
  return jieba;
}

function baseFrequency(word: string): number {
  if (baseFrequencies === null) {
    baseFrequencies = new Map();
    const text = Buffer.from(dict).toString('utf8');
    for (const line of text.split('\n')) {
      const space = line.indexOf(' ');
      if (space <= 0) continue;
      const next = line.indexOf(' ', space + 1);
      const frequency = Number(
        line.slice(space + 1, next < 0 ? undefined : next),
      );
      baseFrequencies.set(line.slice(0, space), frequency);
    }
  }
  return baseFrequencies.get(word) ?? 0;
}

function loadEntries(
  target: Jieba,
  entries: ReadonlyArray<readonly [string, number, string]>,
): void {
  // jieba replaces a word's frequency instead of adding to it, so a user
  // entry with a small count would split a common word such as 小区 into
  // single characters. Never lower a frequency the base dictionary has.
  const lines = entries.map(([word, frequency, tag]) => {
    const kept = Math.max(frequency, baseFrequency(word));
    return `${word} ${kept} ${tag}`;
  });
  target.loadDict(Buffer.from(lines.join('\n') + '\n'));
}

/**
 * Loads a user dictionary in jieba's `word frequency tag` format (one entry
 * per line; frequency and tag optional) on top of the base dictionary.
 *
 * @throws InvalidArgumentError when a line has a non-numeric frequency.
 */
export function loadUserDictionary(text: string, source = 'dictionary'): void {
  const entries: Array<readonly [string, number, string]> = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const parts = line.trim().split(/\s+/);
    const word = parts[0];
    if (word === undefined || word === '' || word.startsWith('#')) return;
    const frequency = parts[1] === undefined ? 1 : Number(parts[1]);
    if (!Number.isFinite(frequency) || frequency < 0) {
      throw new InvalidArgumentError({
        parameter: 'dictionary',
        value: parts[1],
        message:
          `${source} line ${index + 1}: frequency "${parts[1]}" is not a ` +
          'non-negative number. Write each entry as "word frequency tag".',
      });
    }
    entries.push([word, frequency, parts[2] ?? 'n']);
  });
  loadEntries(instance(), entries);
}

/** Loads a user dictionary file; see `loadUserDictionary`. */
export function loadUserDictionaryFile(file: string): void {
  loadUserDictionary(readFileSync(file, 'utf8'), file);
}

/** Segments text into words with jieba (HMM on for unknown words). */
export function segment(text: string): string[] {
  return instance().cut(text, true);
}
