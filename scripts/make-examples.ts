// Regenerates the example appeal files under examples/ from the Teddy Cup
// 2020 problem C data (附件3, 附件4 and the unlabelled test file).
//
// Usage: npx tsx scripts/make-examples.ts [DATA_DIR]
// DATA_DIR defaults to ../shared/data/teddy2020_c beside the repository.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

interface SourceRecord {
  id: string;
  title: string;
  body: string;
  time: string | null;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(
  process.argv[2] ?? path.join(repoRoot, '../shared/data/teddy2020_c'),
);
const examplesDir = path.join(repoRoot, 'examples');
const header = ['留言编号', '留言主题', '留言详情', '留言时间'];

function readRecords(file: string): SourceRecord[] {
  return readFileSync(path.join(dataDir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SourceRecord);
}

/** Takes `count` records spread evenly over the file, in file order. */
function spread(records: SourceRecord[], count: number): SourceRecord[] {
  const step = records.length / count;
  const picked: SourceRecord[] = [];
  for (let index = 0; index < count && index * step < records.length; index += 1) {
    const record = records[Math.floor(index * step)];
    if (record !== undefined) picked.push(record);
  }
  return picked;
}

function toCsv(records: SourceRecord[]): string {
  const rows = records.map((record) => [
    record.id,
    record.title,
    record.body,
    record.time ?? '',
  ]);
  return `${Papa.unparse([header, ...rows], { newline: '\r\n' })}\r\n`;
}

/**
 * Builds a GB18030 encoder for characters of the two-byte (GBK) range by
 * decoding every two-byte sequence once. Node ships a GB18030 decoder but
 * no encoder.
 */
function createGbkEncoder(): (text: string) => Buffer | null {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number>();
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      const character = decoder.decode(Uint8Array.of(lead, trail));
      if (character.length === 1 && character !== '\ufffd' && !table.has(character)) {
        table.set(character, (lead << 8) | trail);
      }
    }
  }
  return (text) => {
    const bytes: number[] = [];
    for (const character of text) {
      const code = character.codePointAt(0) ?? 0;
      if (code < 0x80) {
        bytes.push(code);
        continue;
      }
      const pair = table.get(character);
      if (pair === undefined) return null;
      bytes.push(pair >> 8, pair & 0xff);
    }
    return Buffer.from(bytes);
  };
}

const hotspot = readRecords('att3_hotspot.jsonl');
const unlabelled = readRecords('testdata_unlabeled.jsonl');
const replies = readRecords('att4_replies.jsonl');

const main = [...spread(hotspot, 800), ...spread(unlabelled, 700)];
writeFileSync(path.join(examplesDir, 'appeals.csv'), toCsv(main));

// Rows with a character outside GBK's two-byte range are left out, so the
// simple encoder above suffices; the reader decodes full GB18030.
const encode = createGbkEncoder();
const gbkRows: SourceRecord[] = [];
for (const record of spread(replies, 320)) {
  if (encode(toCsv([record])) !== null) gbkRows.push(record);
  if (gbkRows.length === 300) break;
}
const gbk = encode(toCsv(gbkRows));
if (gbk === null) throw new Error('a selected row cannot be encoded as GBK');
writeFileSync(path.join(examplesDir, 'appeals-gbk.csv'), gbk);

process.stdout.write(
  `examples/appeals.csv: ${main.length} rows\n` +
    `examples/appeals-gbk.csv: ${gbkRows.length} rows (GB18030)\n`,
);
