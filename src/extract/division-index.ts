import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ModelFormatError } from '../errors/index.ts';
import type { DivisionLevel } from '../triage/triage-result.ts';

/** One administrative division from the shipped table. */
export interface DivisionRecord {
  /** Statistical code: 2 digits province, 4 city, 6 county, 9 town. */
  code: string;
  name: string;
  level: DivisionLevel;
  /** Nearest listed ancestor; placeholder cities such as 市辖区 are skipped. */
  parent: DivisionRecord | null;
}

/** A division an alias can stand for. */
export interface AliasTarget {
  record: DivisionRecord;
  /** True for forms too generic to trust without a matching ancestor in the
   *  text: towns, two-character short forms, 城区 and the like. */
  needsContext: boolean;
  /** True when the alias is a short form rather than the full name. */
  short: boolean;
}

/** A written form of one or more divisions. */
export interface DivisionAlias {
  text: string;
  targets: AliasTarget[];
}

/** Lookup tables over the shipped division table; built once per process. */
export interface DivisionIndex {
  byCode: Map<string, DivisionRecord>;
  /** Aliases keyed by their first two characters, longest first. */
  aliasesByPrefix: Map<string, DivisionAlias[]>;
  /** The same lists indexed by the UTF-16 code of the first character,
   *  then keyed by the code of the second, for the scan loop. */
  aliasesByCodes: (Map<number, DivisionAlias[]> | undefined)[];
  /** Bit set with the bit at {@link aliasPairSlot} of the first two codes
   *  of every alias. A clear bit proves that no alias starts with the pair,
   *  so the scan loop skips the two map lookups at most positions; a set
   *  bit may be a hash collision. Test it with {@link mayStartAlias}. */
  aliasPairs: Uint32Array;
  /** Traditional character to Simplified character. */
  foldMap: Map<string, string>;
  /** 1 at the UTF-16 code of every key of `foldMap`. */
  foldable: Uint8Array;
}


/**
 * Bits of a {@link DivisionIndex.aliasPairs} slot. 2^18 bits are 32 KiB,
 * small enough to stay in the CPU cache during a scan. With the shipped
 * table's 24,091 distinct alias prefixes, an estimated 9% of other pairs
 * still pass the filter (1 - e^(-24091 / 2^18)).
 */
const aliasPairBits = 18;

/**
 * Returns the slot of a pair of UTF-16 codes in
 * {@link DivisionIndex.aliasPairs}: a multiplicative hash of both codes.
 */
export function aliasPairSlot(first: number, second: number): number {
  return Math.imul(first * 65536 + second, 0x9e3779b1) >>> (32 - aliasPairBits);
}

/** Returns false when no alias starts with the two UTF-16 codes. */
export function mayStartAlias(
  aliasPairs: Uint32Array,
  first: number,
  second: number,
): boolean {
  const slot = aliasPairSlot(first, second);
  return ((aliasPairs[slot >>> 5] as number) & (1 << (slot & 31))) !== 0;
}

const dataUrl = new URL('./data/divisions.json.gz', import.meta.url);

/** Ethnic group names that appear in autonomous division names. */
const ethnicNames = [
  '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗',
  '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳', '佤', '畲',
  '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔',
  '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固',
  '京', '塔塔尔', '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺', '各',
].sort((a, b) => b.length - a.length);

/** County names that are everyday words (城区 = urban area). */
const genericCountyNames = new Set(['城区', '郊区', '矿区', '西区', '东区']);

/** Words of zone names, which get no short form. */
const zoneWords = /开发|园|管理|示范|试验|实验|工业|保税|新区|食品|农场|合作/;

let cached: DivisionIndex | null = null;

/**
 * Returns the division index. The first call reads and indexes the shipped
 * table, which took about 300 ms of CPU in bench/extract.ts on the shared
 * 2-core development machine; later calls reuse it.
 * @throws ModelFormatError when the data file is missing or malformed.
 */
export function divisionIndex(): DivisionIndex {
  cached ??= buildIndex(readTable());
  return cached;
}

interface Table {
  foldPairs: string;
  provinces: [string, string][];
  cities: [string, string][];
  counties: [string, string][];
  towns: [string, string][];
}

function readTable(): Table {
  const file = dataUrl.pathname;
  let table: unknown;
  try {
    table = JSON.parse(gunzipSync(readFileSync(dataUrl)).toString('utf8'));
  } catch (error) {
    throw new ModelFormatError({
      file,
      message:
        `Division table ${file} could not be read: ` +
        `${(error as Error).message}. ` +
        'Rebuild it with `npx tsx scripts/build-divisions.ts`.',
      cause: error,
    });
  }
  const record = table as Partial<Table> & { format?: unknown };
  if (
    record.format !== 1 ||
    typeof record.foldPairs !== 'string' ||
    !Array.isArray(record.provinces) ||
    !Array.isArray(record.cities) ||
    !Array.isArray(record.counties) ||
    !Array.isArray(record.towns)
  ) {
    throw new ModelFormatError({
      file,
      message:
        `Division table ${file} is not format 1 with foldPairs, provinces, ` +
        'cities, counties and towns. Rebuild it with ' +
        '`npx tsx scripts/build-divisions.ts`.',
    });
  }
  return record as Table;
}

/** Builds the index from table rows; exported for tests with small tables. */
export function buildIndex(table: Table): DivisionIndex {
  const byCode = new Map<string, DivisionRecord>();
  const add = (rows: [string, string][], level: DivisionLevel): void => {
    for (const [code, name] of rows) {
      const parent = nearestAncestor(byCode, code);
      byCode.set(code, { code, name, level, parent });
    }
  };
  add(table.provinces, 'province');
  add(table.cities, 'city');
  add(table.counties, 'county');
  add(table.towns, 'town');

  const aliases = new Map<string, AliasTarget[]>();
  const addAlias = (text: string, target: AliasTarget): void => {
    if (text.length < 2) return;
    const list = aliases.get(text);
    if (list === undefined) aliases.set(text, [target]);
    else if (!list.some((t) => t.record === target.record)) list.push(target);
  };

  // Full names first, level by level, so that a short form can be checked
  // against every name of a higher level before it is added.
  const higherNames = new Set<string>();
  for (const level of ['province', 'city', 'county', 'town'] as const) {
    const records = [...byCode.values()].filter((r) => r.level === level);
    const shortForms: [string, AliasTarget][] = [];
    for (const record of records) {
      const generic = genericCountyNames.has(record.name);
      addAlias(record.name, {
        record,
        needsContext: level === 'town' || generic,
        short: false,
      });
      for (const form of shortFormsOf(record)) {
        shortForms.push([
          form,
          {
            record,
            needsContext: level === 'town' || form.length <= 2,
            short: true,
          },
        ]);
      }
    }
    for (const [form, target] of shortForms) {
      // 邵阳县 must never be read from 邵阳, which is 邵阳市; 吉林 stays the
      // province, not 吉林市. A short form loses to any higher division.
      if (level === 'province' || !higherNames.has(form)) {
        // Provinces are always named without context (湖南, 新疆).
        if (level === 'province') target.needsContext = false;
        // Two-character city short forms (长沙, 邵阳) are how people name
        // cities, so they stand alone; county short forms do not.
        if (level === 'city') target.needsContext = false;
        addAlias(form, target);
      }
    }
    for (const record of records) higherNames.add(record.name);
    for (const [form] of shortForms) higherNames.add(form);
  }

  const aliasesByPrefix = new Map<string, DivisionAlias[]>();
  const aliasesByCodes: (Map<number, DivisionAlias[]> | undefined)[] =
    new Array(65536).fill(undefined);
  const aliasPairs = new Uint32Array(1 << (aliasPairBits - 5));
  for (const [text, targets] of aliases) {
    const key = text.slice(0, 2);
    let list = aliasesByPrefix.get(key);
    if (list === undefined) {
      list = [];
      aliasesByPrefix.set(key, list);
      const first = text.charCodeAt(0);
      const inner = aliasesByCodes[first] ?? new Map<number, DivisionAlias[]>();
      inner.set(text.charCodeAt(1), list);
      aliasesByCodes[first] = inner;
      const slot = aliasPairSlot(first, text.charCodeAt(1));
      aliasPairs[slot >>> 5]! |= 1 << (slot & 31);
    }
    list.push({ text, targets });
  }
  for (const list of aliasesByPrefix.values()) {
    list.sort((a, b) => b.text.length - a.text.length);
  }

  const foldMap = new Map<string, string>();
  const pairs = [...table.foldPairs];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    foldMap.set(pairs[i] as string, pairs[i + 1] as string);
  }
  const foldable = new Uint8Array(65536);
  for (const key of foldMap.keys()) foldable[key.charCodeAt(0)] = 1;
  return {
    byCode,
    aliasesByPrefix,
    aliasesByCodes,
    aliasPairs,
    foldMap,
    foldable,
  };
}

function nearestAncestor(
  byCode: Map<string, DivisionRecord>,
  code: string,
): DivisionRecord | null {
  for (const length of [6, 4, 2]) {
    if (length >= code.length) continue;
    const found = byCode.get(code.slice(0, length));
    if (found !== undefined) return found;
  }
  return null;
}

function stripEthnicNames(base: string): string {
  let rest = base;
  for (;;) {
    const name = ethnicNames.find(
      (n) => rest.endsWith(n + '族') || rest.endsWith(n),
    );
    if (name === undefined) return rest;
    const cut = rest.endsWith(name + '族') ? name.length + 1 : name.length;
    if (rest.length - cut < 2) return rest;
    rest = rest.slice(0, -cut);
  }
}

/**
 * Written forms of a division other than its full name: 湖南 for 湖南省,
 * 湘西 for 湘西土家族苗族自治州, 城步县 and 城步 for 城步苗族自治县,
 * 神农架 for 神农架林区. Towns have none, because their bare stems are
 * everyday words.
 */
function shortFormsOf(record: DivisionRecord): string[] {
  const name = record.name;
  const forms: string[] = [];
  const autonomous = /^(.+?)自治(区|州|县|旗)$/.exec(name);
  if (autonomous !== null) {
    const stem = stripEthnicNames(autonomous[1] as string);
    forms.push(stem);
    if (autonomous[2] === '县' || autonomous[2] === '旗') {
      forms.push(stem + autonomous[2]);
    }
    return forms;
  }
  switch (record.level) {
    case 'province':
    case 'city': {
      const stem = /^(.+?)(省|市|地区|盟)$/.exec(name)?.[1];
      if (stem !== undefined) forms.push(stem);
      break;
    }
    case 'county': {
      // Zones (经济开发区, 高新技术产业园区) are written in full or not at all.
      if (zoneWords.test(name)) break;
      const stem = /^(.+?)(林区|特区|区|县|市|旗)$/.exec(name)?.[1];
      if (stem !== undefined) forms.push(stem);
      break;
    }
    default:
      break;
  }
  return forms;
}
