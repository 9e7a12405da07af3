import type {
  DivisionLevel,
  DivisionMatch,
  TextSpan,
} from '../triage/triage-result.ts';
import {
  divisionIndex,
  mayStartAlias,
  type AliasTarget,
  type DivisionRecord,
} from './division-index.ts';
import { foldCharacters } from './fold-characters.ts';

/**
 * Province whose town names may be attached to anonymised districts
 * (A3区洋湖街道 → town 洋湖街道). 43 is 湖南省, the province of the sample
 * appeals.
 * NOTE: this is deployment configuration; pass `homeProvinceCode` to match
 * another hotline's province.
 */
export const defaultHomeProvinceCode = '43';

/** Options of {@link matchDivisions}. */
export interface DivisionMatchOptions {
  /** Two-digit province code used to break ties between equally supported
   *  divisions and to attach towns to anonymised districts; null for none. */
  homeProvinceCode?: string | null;
}

/** The best division of a text and the spans that support it. */
export interface DivisionResult {
  division: DivisionMatch | null;
  /** Spans of the text naming the chosen division or its ancestors. */
  mentions: TextSpan[];
}

interface RealMention {
  start: number;
  end: number;
  targets: AliasTarget[];
  records: Set<DivisionRecord>;
}

interface AnonymisedMention {
  start: number;
  end: number;
  /** City letter: A for A市, A3区 and A7县. */
  letter: string;
  /** A3区 or A7县; null for the city A市. */
  district: string | null;
}

interface Candidate {
  record: DivisionRecord;
  /** Distinct chain levels that the text names. */
  levels: number;
  mentions: number;
  depth: number;
  short: boolean;
  home: boolean;
}

const depthOf: Record<DivisionLevel, number> = {
  province: 1,
  city: 2,
  county: 3,
  town: 4,
  community: 5,
};

/**
 * Text after a name that makes it part of a road or estate name: 西藏北路,
 * 山西路, 河北街8号, 杭州城小区, 西湖苑. 路面 and 路灯 (洋湖街道路灯) are not
 * roads. 街道 is a town, and 城 counts
 * only before an estate word, because 城区, 城管 and 城市 are not estates.
 */
const roadOrEstateAfter =
  /(?:[东南西北中]?(?:路(?![面灯况基])|街(?!道|办)|大街|大道|巷|弄)|[一二三四五六七八九十\d]+路|城(?=小区|花园|苑|广场|公寓|大厦|[一二三四五六七八九十\dA-Za-z]*[期栋号])|苑|小区|花园|广场|大厦|公寓|家园|新村)/y;

const anonymisedPattern = /(?<![A-Za-z0-9])([A-Z])(\d{1,2})?([市区县])/g;

/**
 * Finds the administrative division a text is about. Every name of a
 * province, city, county or town in the text is a mention. The result is
 * the deepest division whose chain of ancestors the most mentions agree on.
 * A county is accepted from a short form such as 岳麓 and a town at all
 * only when an ancestor is also named, because those names repeat across
 * the country. Anonymised forms (A市, A3区, A7县) give a match with a null
 * code when they are better supported than any real chain.
 */
export function matchDivisions(
  text: string,
  options: DivisionMatchOptions = {},
): DivisionResult {
  const home = options.homeProvinceCode ?? null;
  const folded = foldCharacters(text);
  const real = findRealMentions(folded);
  const anonymised = findAnonymisedMentions(folded);

  const best = bestCandidate(real, home);
  const anonymisedBest = bestAnonymised(anonymised);
  if (
    anonymisedBest !== null &&
    (best === null ||
      anonymisedBest.levels > best.levels ||
      (anonymisedBest.levels === best.levels &&
        anonymisedBest.depth >= best.depth))
  ) {
    return anonymisedResult(anonymisedBest, real, folded, text, home);
  }
  if (best === null) return { division: null, mentions: [] };
  return realResult(best.record, real, text);
}

function findRealMentions(text: string): RealMention[] {
  const { aliasesByCodes, aliasPairs } = divisionIndex();
  const mentions: RealMention[] = [];
  let i = 0;
  while (i < text.length - 1) {
    const first = text.charCodeAt(i);
    const second = text.charCodeAt(i + 1);
    if (!mayStartAlias(aliasPairs, first, second)) {
      i++;
      continue;
    }
    const aliases = aliasesByCodes[first]?.get(second);
    let matchedEnd = -1;
    if (aliases !== undefined) {
      for (const alias of aliases) {
        if (!text.startsWith(alias.text, i)) continue;
        const end = i + alias.text.length;
        roadOrEstateAfter.lastIndex = end;
        if (roadOrEstateAfter.test(text)) continue;
        mentions.push({
          start: i,
          end,
          targets: alias.targets,
          records: new Set(alias.targets.map((target) => target.record)),
        });
        matchedEnd = end;
        break;
      }
    }
    i = matchedEnd > i ? matchedEnd : i + 1;
  }
  return mentions;
}

function findAnonymisedMentions(text: string): AnonymisedMention[] {
  const mentions: AnonymisedMention[] = [];
  for (const match of text.matchAll(anonymisedPattern)) {
    const start = match.index;
    const end = start + match[0].length;
    roadOrEstateAfter.lastIndex = end;
    if (roadOrEstateAfter.test(text)) continue;
    const letter = match[1] as string;
    const number = match[2];
    const suffix = match[3] as string;
    // A3市 is not a form the data uses; a numbered unit is a district.
    if (suffix === '市' && number !== undefined) continue;
    if (suffix !== '市' && number === undefined) continue;
    mentions.push({
      start,
      end,
      letter,
      district: number === undefined ? null : letter + number + suffix,
    });
  }
  return mentions;
}

function chainOf(record: DivisionRecord): DivisionRecord[] {
  const chain: DivisionRecord[] = [];
  for (let node: DivisionRecord | null = record; node; node = node.parent) {
    chain.push(node);
  }
  return chain;
}

function scoreCandidate(
  mentionIndex: number,
  target: AliasTarget,
  mentions: RealMention[],
  home: string | null,
): Candidate | null {
  const chain = chainOf(target.record);
  let levels = 0;
  let supporting = 0;
  let ancestorNamed = false;
  for (const node of chain) {
    let named = false;
    for (let j = 0; j < mentions.length; j++) {
      if (!(mentions[j] as RealMention).records.has(node)) continue;
      named = true;
      if (node !== target.record && j !== mentionIndex) ancestorNamed = true;
    }
    if (named) levels++;
  }
  if (target.needsContext && !ancestorNamed) return null;
  for (const mention of mentions) {
    if (chain.some((node) => mention.records.has(node))) supporting++;
  }
  return {
    record: target.record,
    levels,
    mentions: supporting,
    depth: depthOf[target.record.level],
    short: target.short,
    home: home !== null && target.record.code.startsWith(home),
  };
}

function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    b.levels - a.levels ||
    b.mentions - a.mentions ||
    b.depth - a.depth ||
    Number(a.short) - Number(b.short)
  );
}

function bestCandidate(
  mentions: RealMention[],
  home: string | null,
): Candidate | null {
  const candidates: Candidate[] = [];
  mentions.forEach((mention, index) => {
    for (const target of mention.targets) {
      const candidate = scoreCandidate(index, target, mentions, home);
      if (candidate !== null) candidates.push(candidate);
    }
  });
  if (candidates.length === 0) return null;
  candidates.sort(compareCandidates);
  const top = candidates[0] as Candidate;
  let tied = candidates.filter(
    (c) => compareCandidates(c, top) === 0 && c.record !== top.record,
  );
  if (tied.length === 0) return top;
  tied = [top, ...tied];
  const inHome = tied.filter((c) => c.home);
  if (inHome.length === 1) return inHome[0] as Candidate;
  if (inHome.length > 1) tied = inHome;
  // Equally supported divisions with the same name in different places
  // (鼓楼区 in 南京, 福州, 徐州, 开封): keep what they have in common.
  const common = commonAncestor(tied.map((c) => c.record));
  if (common === null) return null;
  return { ...top, record: common, depth: depthOf[common.level] };
}

function commonAncestor(records: DivisionRecord[]): DivisionRecord | null {
  const [first, ...rest] = records;
  if (first === undefined) return null;
  for (const node of chainOf(first)) {
    if (rest.every((record) => chainOf(record).includes(node))) return node;
  }
  return null;
}

function pathOf(record: DivisionRecord): string[] {
  const names: string[] = [];
  for (const node of chainOf(record).reverse()) {
    // 东莞市 is listed as both the city and its only county-level unit.
    if (names[names.length - 1] !== node.name) names.push(node.name);
  }
  return names;
}

function realResult(
  record: DivisionRecord,
  mentions: RealMention[],
  text: string,
): DivisionResult {
  const chain = chainOf(record);
  const spans = mentions
    .filter((mention) => chain.some((node) => mention.records.has(node)))
    .map((mention) => span(text, mention.start, mention.end));
  if (record.level === 'town' && record.parent !== null) {
    const county = record.parent;
    return {
      division: {
        code: county.code,
        path: pathOf(county),
        level: county.level,
        town: { code: record.code, name: record.name },
      },
      mentions: spans,
    };
  }
  return {
    division: { code: record.code, path: pathOf(record), level: record.level },
    mentions: spans,
  };
}

interface AnonymisedCandidate {
  letter: string;
  district: AnonymisedMention | null;
  levels: number;
  depth: number;
}

function bestAnonymised(
  mentions: AnonymisedMention[],
): AnonymisedCandidate | null {
  let best: AnonymisedCandidate | null = null;
  const letters = new Set(mentions.map((mention) => mention.letter));
  for (const letter of letters) {
    const own = mentions.filter((mention) => mention.letter === letter);
    const district = own.find((mention) => mention.district !== null) ?? null;
    const hasCity = own.some((mention) => mention.district === null);
    const candidate: AnonymisedCandidate = {
      letter,
      district,
      levels: Number(hasCity) + Number(district !== null),
      depth: district === null ? depthOf.city : depthOf.county,
    };
    if (
      best === null ||
      candidate.levels > best.levels ||
      (candidate.levels === best.levels && candidate.depth > best.depth)
    ) {
      best = candidate;
    }
  }
  return best;
}

/**
 * Builds the match for an anonymised chain. A real town named right after
 * the anonymised district (A3区洋湖街道) is attached by name when the home
 * province has a town of that name. Its code stays null because the
 * district letter does not identify the county.
 */
function anonymisedResult(
  best: AnonymisedCandidate,
  real: RealMention[],
  folded: string,
  text: string,
  home: string | null,
): DivisionResult {
  const city = best.letter + '市';
  const spans: TextSpan[] = [];
  for (const match of folded.matchAll(anonymisedPattern)) {
    const end = match.index + match[0].length;
    if (match[1] === best.letter) spans.push(span(text, match.index, end));
  }
  if (best.district === null) {
    return {
      division: { code: null, path: [city], level: 'city' },
      mentions: spans,
    };
  }
  const division: DivisionMatch = {
    code: null,
    path: [city, best.district.district as string],
    level: 'county',
  };
  const districtEnd = best.district.end;
  const town = real.find(
    (mention) =>
      mention.start >= districtEnd &&
      mention.start <= districtEnd + 1 &&
      mention.targets.some(
        (target) =>
          target.record.level === 'town' &&
          home !== null &&
          target.record.code.startsWith(home),
      ),
  );
  if (town !== undefined) {
    division.town = { code: null, name: folded.slice(town.start, town.end) };
    spans.push(span(text, town.start, town.end));
  }
  return { division, mentions: spans };
}

function span(text: string, start: number, end: number): TextSpan {
  return { text: text.slice(start, end), start, end };
}
