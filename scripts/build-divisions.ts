/**
 * Builds src/extract/data/divisions.json.gz from the national division
 * tables (统计用区划代码, province to township level) in CSV form.
 *
 * Usage: npx tsx scripts/build-divisions.ts [source-folder]
 * The folder must contain provinces.csv, cities.csv, areas.csv, streets.csv
 * and LICENSE.txt; it defaults to ../shared/data/divisions beside the clone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Papa from 'papaparse';
import * as OpenCC from 'opencc-js';

const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
const sourceDir = path.resolve(
  process.argv[2] ?? path.join(repoRoot, '../shared/data/divisions'),
);
const outputDir = path.join(repoRoot, 'src/extract/data');

/** Prefecture names that only group counties and never appear in text. */
const placeholderNames = new Set([
  '市辖区',
  '县',
  '省直辖县级行政区划',
  '自治区直辖县级行政区划',
]);

/**
 * Characters outside division names that the extractors match on (address
 * suffixes, time words, appeal-type cues). Their Traditional forms go into
 * the fold table too, so 順德區河北街8號 folds to 顺德区河北街8号.
 */
const extraCharacters =
  '省市区县镇乡街道路巷弄号栋幢单元楼室村社小花园苑公寓家广场大厦城' +
  '东南西北中前后里点钟时分半周星期礼拜天昨今明年月日晚夜凌晨午早傍' +
  '这上下本个来近过去内以之多两几刚才询问请问问题是否能否怎么办理吗' +
  '举报违法偷排建议希望增设感谢表扬点赞求助帮救投诉反映经济发现关门' +
  '医院学校车站银行场馆厅处业单园区广业开发';

/**
 * Traditional characters that cn→t never yields, because their Simplified
 * form is also valid Traditional (周 for 週). The build folds them with
 * opencc-js t→cn instead.
 */
const extraTraditional = '週裡裏後範鬆鍾鐘乾隻臺檯佔';

interface Row {
  code: string;
  name: string;
}

function readRows(file: string): Row[] {
  const text = readFileSync(path.join(sourceDir, file), 'utf8');
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0];
    throw new Error(
      `${file}: CSV parse failed at row ${first?.row}: ${first?.message}`,
    );
  }
  return parsed.data.map((record, index) => {
    const code = record['code']?.trim() ?? '';
    const name = record['name']?.trim() ?? '';
    if (!/^\d+$/.test(code) || name === '') {
      throw new Error(`${file}: row ${index + 1} has no code or name`);
    }
    return { code, name };
  });
}

/** Checks that each code extends its parent's code, the rule the loader uses. */
function checkParents(
  rows: Row[],
  length: number,
  parentLength: number,
  parents: Set<string>,
  file: string,
): void {
  for (const row of rows) {
    if (row.code.length !== length) {
      throw new Error(`${file}: code ${row.code} is not ${length} digits`);
    }
    const parent = row.code.slice(0, parentLength);
    if (!parents.has(parent)) {
      throw new Error(`${file}: ${row.code} has no parent ${parent}`);
    }
  }
}

function buildFoldPairs(names: string[]): string {
  const converters = (['t', 'tw', 'hk'] as const).map((to) =>
    OpenCC.Converter({ from: 'cn', to }),
  );
  const characters = new Set<string>();
  for (const name of [...names, extraCharacters]) {
    for (const character of name) characters.add(character);
  }
  const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
  const pairs = new Map<string, string>();
  for (const simplified of [...characters].sort()) {
    for (const convert of converters) {
      const traditional = convert(simplified);
      // Keep a pair only when t→cn maps it back: cn→tw turns 幺 into 么,
      // but 么 is Simplified (什么) and must stay.
      if (
        traditional.length === 1 &&
        traditional !== simplified &&
        toSimplified(traditional) === simplified
      ) {
        pairs.set(traditional, simplified);
      }
    }
  }
  for (const traditional of extraTraditional) {
    const simplified = toSimplified(traditional);
    if (simplified.length === 1 && simplified !== traditional) {
      pairs.set(traditional, simplified);
    }
  }
  return [...pairs].map(([from, to]) => from + to).join('');
}

const provinces = readRows('provinces.csv');
const cities = readRows('cities.csv');
const counties = readRows('areas.csv');
const towns = readRows('streets.csv');

checkParents(provinces, 2, 0, new Set(['']), 'provinces.csv');
checkParents(cities, 4, 2, new Set(provinces.map((r) => r.code)), 'cities.csv');
checkParents(counties, 6, 4, new Set(cities.map((r) => r.code)), 'areas.csv');
checkParents(towns, 9, 6, new Set(counties.map((r) => r.code)), 'streets.csv');

const keptCities = cities.filter((row) => !placeholderNames.has(row.name));
const allNames = [provinces, keptCities, counties, towns].flatMap((rows) =>
  rows.map((row) => row.name),
);

const data = {
  format: 1,
  edition: '2023 (统计用区划代码, as of 2023-06-30)',
  note:
    'Rows are [code, name]. A parent code is the prefix of the code: ' +
    '2 digits province, 4 city, 6 county, 9 town. Placeholder cities ' +
    '(市辖区, 县, 省直辖县级行政区划) are left out, so some counties have ' +
    'no city row.',
  foldPairs: buildFoldPairs(allNames),
  provinces: provinces.map((row) => [row.code, row.name]),
  cities: keptCities.map((row) => [row.code, row.name]),
  counties: counties.map((row) => [row.code, row.name]),
  towns: towns.map((row) => [row.code, row.name]),
};

const json = JSON.stringify(data);
const gzipped = gzipSync(Buffer.from(json, 'utf8'), { level: 9 });
writeFileSync(path.join(outputDir, 'divisions.json.gz'), gzipped);
writeFileSync(
  path.join(outputDir, 'DIVISIONS-LICENSE.txt'),
  readFileSync(path.join(sourceDir, 'LICENSE.txt')),
);
process.stdout.write(
  `divisions: ${provinces.length} provinces, ${keptCities.length} cities, ` +
    `${counties.length} counties, ${towns.length} towns; ` +
    `${data.foldPairs.length / 2} fold pairs; ` +
    `${json.length} chars, ${gzipped.length} bytes gzipped\n`,
);
