import type { LocationElement } from '../triage/triage-result.ts';
import { foldCharacters } from './fold-characters.ts';

/** Address suffixes and the element kind each one ends. */
const suffixKinds: [string, string][] = [
  ['大道', 'road'], ['路', 'road'], ['街', 'road'], ['巷', 'road'], ['弄', 'road'],
  ['社区', 'community'], ['村', 'community'],
  ['小区', 'estate'], ['花园', 'estate'], ['公寓', 'estate'], ['家园', 'estate'],
  ['广场', 'estate'], ['大厦', 'estate'], ['苑', 'estate'],
  ['医院', 'landmark'], ['小学', 'landmark'], ['中学', 'landmark'],
  ['大学', 'landmark'], ['学校', 'landmark'], ['幼儿园', 'landmark'],
  ['公园', 'landmark'], ['车站', 'landmark'], ['地铁站', 'landmark'],
  ['菜市场', 'landmark'], ['农贸市场', 'landmark'], ['派出所', 'landmark'],
];

const suffixPattern = new RegExp(
  suffixKinds
    .map(([suffix]) => suffix)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'g',
);
const kindOfSuffix = new Map(suffixKinds);

/**
 * Characters that cannot be inside a place name, so a name starts after
 * the last of them. They are function words (在 于 的 到), verbs that
 * introduce a place (住 位) and division suffixes (联丰路 in A3区联丰路).
 */
const nameStop = new Set(
  '在于的是和与及到至从往向对位住靠近旁边处里内外段离由经沿过条这那该某个我你他她们了着也都还又就' +
  '省市区县镇乡旗'.split(''),
);

/** Names that end in a suffix but are ordinary words. */
const commonWords = new Set([
  '马路', '道路', '公路', '铁路', '思路', '出路', '走路', '线路', '网路', '电路',
  '水路', '过路', '上路', '大路', '小路', '修路', '堵路', '门路', '套路', '回路',
  '进路', '让路', '带路', '拦路', '逛街', '上街', '临街', '沿街', '当街', '大街',
  '农村', '乡村', '本村', '全村', '该村', '邻村', '我村', '新村', '小巷',
]);

/**
 * Characters after 路 or 街 that make a common word, not a road name:
 * 路灯 (street lamp), 路面 (surface), 路况, 路线, 路费, 路边, 街灯.
 */
const afterRoad = /^[灯面况线费边牌基障]/;

/** Maximum length of a place name before its suffix, in characters. */
const maxNameLength = 8;

/** Words after 村 that make it 村民, 村委会: people, not a place. */
const afterVillage = /^[民委干级里组长]/;

const buildingPattern =
  /(?:[A-Za-z]?\d+|[一二三四五六七八九十]+)(?:栋|幢|号楼|单元|楼|层|室|号)(?:(?:[A-Za-z]?\d+|[一二三四五六七八九十]+)(?:栋|幢|号楼|单元|楼|层|室|号))*/g;

/**
 * Finds address elements: roads (路 街 大道 巷 弄), communities (社区 村),
 * estates (小区 花园 苑 公寓 家园 广场 大厦), buildings and rooms (3栋2单元
 * 501室) and a few landmark kinds (医院, 学校, 公园, 车站). Offsets refer
 * to `text`. A name runs back from its suffix to the nearest stop character
 * and at most eight characters, so spans are a best guess at where a name
 * starts, not a parse.
 */
export function extractAddressElements(text: string): LocationElement[] {
  const folded = foldCharacters(text);
  const elements: LocationElement[] = [];
  // A name never reaches back into the element before it: 杭州城小区 in
  // 解放路杭州城小区 starts after 解放路.
  let previousEnd = 0;
  for (const match of folded.matchAll(suffixPattern)) {
    const suffix = match[0];
    const end = match.index + suffix.length;
    if (suffix === '街' && folded[end] === '道') continue;
    if ((suffix === '路' || suffix === '街') && afterRoad.test(folded.slice(end, end + 1))) {
      continue;
    }
    if (suffix === '村' && afterVillage.test(folded.slice(end, end + 1))) continue;
    const start = Math.max(previousEnd, nameStart(folded, match.index));
    if (match.index - start < 2) continue;
    const name = folded.slice(start, end);
    if (commonWords.has(name.slice(-2)) && match.index - start < 3) continue;
    elements.push({
      kind: kindOfSuffix.get(suffix) as string,
      text: text.slice(start, end),
      start,
      end,
    });
    previousEnd = end;
  }
  for (const match of folded.matchAll(buildingPattern)) {
    const end = match.index + match[0].length;
    // A bare 8号 after a road is a house number; a bare 3楼 is a floor.
    if (!/栋|幢|号楼|单元|室/.test(match[0])) continue;
    elements.push({ kind: 'building', text: text.slice(match.index, end), start: match.index, end });
  }
  return dropNested(elements);
}

function nameStart(text: string, suffixStart: number): number {
  let start = suffixStart;
  const limit = Math.max(0, suffixStart - maxNameLength);
  while (start > limit) {
    const character = text[start - 1] as string;
    if (nameStop.has(character) || !/[\u4e00-\u9fffA-Za-z0-9]/.test(character)) {
      break;
    }
    start--;
  }
  return start;
}

/** Sorts by start and drops spans inside a longer one of the same kind. */
function dropNested(elements: LocationElement[]): LocationElement[] {
  elements.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: LocationElement[] = [];
  for (const element of elements) {
    const inside = kept.some(
      (other) =>
        other.kind === element.kind &&
        other.start <= element.start &&
        other.end >= element.end,
    );
    if (!inside) kept.push(element);
  }
  return kept;
}
