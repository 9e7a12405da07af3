/** A place named in an appeal, from most to least specific kind. */
export interface Place {
  text: string;
  kind: PlaceKind;
}

/** Kinds of place, most specific first. */
export type PlaceKind = 'estate' | 'road' | 'street' | 'district';

// NOTE: a regex extractor for appeals that have no triage result. It
// finds estates, roads, streets and towns, and districts and counties,
// but not landmarks or buildings. Stored appeals with triage use the
// locations and division of extractElements instead (stored-appeals.ts).
const patterns: ReadonlyArray<readonly [PlaceKind, RegExp]> = [
  [
    'estate',
    /([\p{Script=Han}A-Za-z0-9·]{2,12}?)((?:小区|花园|家园|公寓|大厦|广场|新城|新村|山庄|华府|公馆|苑|城)(?:小区)?(?:[一二三四五六七八九十\d]+期)?)/gu,
  ],
  ['road', /([\p{Script=Han}A-Za-z0-9]{1,8}?)(大道|路|(?<!临)街)(?![道区])/gu],
  ['street', /([\p{Script=Han}]{2,6}?)(街道|镇|乡|社区|村)/gu],
  ['district', /()([A-Z]\d{1,2}[区县])/gu],
  ['district', /([\p{Script=Han}]{2,3}?)((?<!小)[区县])(?![委长局政])/gu],
];

/**
 * Leading text that does not belong to the place name, cut at the last
 * division name or function word, e.g. 「我是A2区丽发新城」 → 「丽发新城」.
 */
const prefixBreaks =
  /^.*(?:[市区县省]|街道|社区|[镇乡村]|路|大道|是|在|的|于|住|位|买|我|了|和|与|及|对|到|从|把|向|目前|附近|周边)/u;

const genericPlaces = new Set([
  '小区',
  '该小区',
  '本小区',
  '我们小区',
  '这个小区',
  '整个小区',
  '所在小区',
  '城区',
  '市区',
  '县城',
  '社区',
  '马路',
  '道路',
  '公路',
]);

/**
 * Extracts place names from appeal text with regular expressions, most
 * specific kinds first, each distinct text once.
 */
export function extractPlaces(text: string): Place[] {
  const found: Place[] = [];
  const seen = new Set<string>();
  for (const [kind, pattern] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const head = match[1] ?? '';
      const suffix = match[2] ?? '';
      const stripped = head.replace(prefixBreaks, '');
      // Too little left before the suffix means a generic word such as
      // 「旧城」 or 「该小区」, not a name.
      const minimum = kind === 'road' || head === '' ? 1 : 2;
      if (head !== '' && stripped.length < minimum) continue;
      const name = stripped + suffix;
      if (name.length < 2 || genericPlaces.has(name) || seen.has(name)) {
        continue;
      }
      seen.add(name);
      found.push({ text: name, kind });
    }
  }
  return found;
}
