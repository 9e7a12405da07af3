import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputFileError } from '../errors/index.ts';

/**
 * Groups of terms that mean the same thing in hotline questions and law
 * texts. The first term of each group is its canonical form. A compound
 * term such as 拖欠+劳动报酬 is matched in passages only, when every part
 * occurs (see `termOccurs`); it never matches a question's words.
 */
export interface SynonymTable {
  groups: readonly (readonly string[])[];
  /** Canonical form of every plain term, keyed by the term. */
  canonical: ReadonlyMap<string, string>;
  /** Every plain term, longest first, as one alternation; null when empty. */
  pattern: RegExp | null;
}

/** Path of the synonym list shipped with the product. */
export const defaultSynonymsPath = fileURLToPath(
  new URL('./synonyms.txt', import.meta.url),
);

/**
 * Parses synonym groups: one group a line, terms separated by white space,
 * the first term canonical, `#` starting a comment line.
 */
export function parseSynonyms(text: string): string[][] {
  const groups: string[][] = [];
  for (const line of text.split(/\r?\n/u)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const terms = trimmed.split(/[\s/，,]+/u).filter((term) => term !== '');
    if (terms.length >= 2) groups.push(terms);
  }
  return groups;
}

/**
 * Builds the lookup table. A term listed in two groups keeps the group that
 * comes first, so user files (appended last) extend but never redirect the
 * shipped groups.
 */
export function buildSynonymTable(groups: string[][]): SynonymTable {
  const canonical = new Map<string, string>();
  for (const group of groups) {
    const head = group[0];
    if (head === undefined) continue;
    for (const term of group) {
      if (isCompoundTerm(term)) continue;
      if (!canonical.has(term)) canonical.set(term, head);
    }
  }
  const terms = [...canonical.keys()].sort((a, b) => b.length - a.length);
  const escaped = terms.map((term) =>
    term.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'),
  );
  return {
    groups,
    canonical,
    pattern: terms.length === 0 ? null : new RegExp(escaped.join('|'), 'gu'),
  };
}

/**
 * Loads the shipped list plus any extra files, in order.
 *
 * @throws InputFileError when an extra file cannot be read.
 */
export function loadSynonyms(extraFiles: readonly string[] = []): SynonymTable {
  const groups = parseSynonyms(readFileSync(defaultSynonymsPath, 'utf8'));
  for (const file of extraFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputFileError({
        file,
        message:
          `cannot read the synonym file "${file}": ` +
          `${(error as Error).message}. Pass --synonyms with a UTF-8 text ` +
          'file that lists one group of terms a line.',
        cause: error,
      });
    }
    groups.push(...parseSynonyms(text));
  }
  return buildSynonymTable(groups);
}

/**
 * Replaces every synonym in the text by its canonical form, longest match
 * first, so 物业服务费 stays whole and 物业费 becomes 物业服务费.
 */
export function foldSynonyms(text: string, table: SynonymTable): string {
  if (table.pattern === null) return text;
  return text.replace(
    table.pattern,
    (term) => table.canonical.get(term) ?? term,
  );
}

/** Whether the term is a compound such as 拖欠+劳动报酬. */
export function isCompoundTerm(term: string): boolean {
  return term.includes('+');
}

/**
 * Whether the term occurs in the text: a plain term as a substring, a
 * compound when each of its parts does, in any order. Both sides are
 * compared as given, so lower-case them first where case matters.
 */
export function termOccurs(term: string, text: string): boolean {
  if (!isCompoundTerm(term)) return text.includes(term);
  return term
    .split('+')
    .every((part) => part === '' || text.includes(part));
}

/** The group of the term's canonical form, or the term alone. */
export function synonymGroup(
  term: string,
  table: SynonymTable,
): readonly string[] {
  const head = table.canonical.get(term);
  if (head === undefined) return [term];
  return table.groups.find((terms) => terms[0] === head) ?? [term];
}

/**
 * Lists the other terms of every group whose term occurs in the text; these
 * expand a query so 欠薪 also finds 拖欠工资. A compound term gives its
 * parts, so 拖欠+劳动报酬 adds 拖欠 and 劳动报酬.
 */
export function expandSynonyms(text: string, table: SynonymTable): string[] {
  if (table.pattern === null) return [];
  const extra = new Set<string>();
  for (const match of text.matchAll(table.pattern)) {
    const head = table.canonical.get(match[0]);
    const group = table.groups.find((terms) => terms[0] === head);
    for (const term of group ?? []) {
      if (term === match[0]) continue;
      for (const part of term.split('+')) {
        if (part !== '') extra.add(part);
      }
    }
  }
  return [...extra];
}
