import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.ts';
import { importDocuments } from '../../src/kb/import-documents.ts';
import { allPassages, listDocuments } from '../../src/kb/kb-database.ts';
import { sharedData } from '../helpers/paths.ts';
import { makeDocx, makePdf } from './document-fixtures.ts';

let folder: string;
let store: Store;

beforeEach(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'hotline-kb-import-'));
  store = await openStore(path.join(folder, 'kb.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

const law = (...parts: string[]): string => sharedData('kb', 'laws', ...parts);

describe('importDocuments on real laws', () => {
  it('splits 劳动合同法 into articles with chapters and dates', async () => {
    await importDocuments(store, [law('社会法', '劳动合同法(2012-12-28).md')]);
    const [document] = listDocuments(store);
    expect(document?.title).toBe('中华人民共和国劳动合同法');
    expect(document?.versionDate).toBe('2012-12-28');
    expect(document?.effectiveDate).toBe('2008-01-01');
    const passages = allPassages(store);
    expect(passages.filter((p) => p.article !== null)).toHaveLength(98);
    const article30 = passages.find((p) => p.article === '第三十条');
    expect(article30?.articleNumber).toBe(30);
    expect(article30?.chapterPath).toEqual(['第三章 劳动合同的履行和变更']);
    expect(article30?.text).toMatch(/^用人单位应当按照劳动合同约定/u);
    expect(article30?.text.split('\n')).toHaveLength(2);
    const dispatch = passages.find((p) => p.article === '第五十八条');
    expect(dispatch?.chapterPath).toEqual(['第五章 特别规定', '第二节 劳务派遣']);
  });

  it('joins the two title headings of 物权编', async () => {
    await importDocuments(store, [law('民法典', '物权编.md')]);
    const [document] = listDocuments(store);
    expect(document?.title).toBe('中华人民共和国民法典·物权编');
    expect(document?.effectiveDate).toBe('2021-01-01');
    expect(document?.versionDate).toBeNull();
    const article = allPassages(store).find((p) => p.article === '第二百零五条');
    expect(article?.articleNumber).toBe(205);
    expect(article?.chapterPath).toEqual(['第一分编 通则', '第一章 一般规定']);
  });
});

describe('importDocuments on other formats', () => {
  it('reads DOCX headings and articles', async () => {
    const file = path.join(folder, 'rules.docx');
    writeFileSync(
      file,
      await makeDocx([
        { heading: 1, text: '示例市养犬管理规定' },
        { heading: 2, text: '第一章 总则' },
        '第一条 为了规范养犬行为，制定本规定。',
        '第二条 携犬出户应当束犬链。',
        '大型犬应当由成年人牵领。',
        '本规定自2024年3月1日起施行。',
      ]),
    );
    await importDocuments(store, [file]);
    const [document] = listDocuments(store);
    expect(document?.title).toBe('示例市养犬管理规定');
    expect(document?.format).toBe('docx');
    expect(document?.effectiveDate).toBe('2024-03-01');
    const second = allPassages(store).find((p) => p.article === '第二条');
    expect(second?.chapterPath).toEqual(['第一章 总则']);
    expect(second?.text).toMatch(/束犬链。\n大型犬/u);
  });

  it('reads HTML without scripts', async () => {
    const file = path.join(folder, 'policy.html');
    writeFileSync(
      file,
      '<html><head><title>示例市停车收费办法</title><script>var x = 1;</script></head>' +
        '<body><nav>首页</nav><p>第一章 总则</p><p>第一条 停车收费实行明码标价。</p>' +
        '<p>第二条 收费标准应当在入口公示。</p></body></html>',
    );
    await importDocuments(store, [file]);
    const [document] = listDocuments(store);
    expect(document?.title).toBe('示例市停车收费办法');
    const passages = allPassages(store);
    expect(passages.map((p) => p.article)).toEqual(['第一条', '第二条']);
    expect(passages[0]?.chapterPath).toEqual(['第一章 总则']);
    expect(passages.some((p) => p.text.includes('var x'))).toBe(false);
  });

  it('reads the text layer of a PDF', async () => {
    const file = path.join(folder, 'notice (2023-05-01).pdf');
    writeFileSync(file, makePdf(['Parking Notice', 'Fees must be posted at the entrance.']));
    await importDocuments(store, [file]);
    const [document] = listDocuments(store);
    expect(document?.title).toBe('Parking Notice');
    expect(document?.effectiveDate).toBe('2023-05-01');
    expect(allPassages(store)[0]?.text).toBe('Fees must be posted at the entrance.');
  });

  it('rejects a damaged DOCX with the file name', async () => {
    const file = path.join(folder, 'broken.docx');
    writeFileSync(file, 'not a zip');
    await expect(importDocuments(store, [file])).rejects.toThrow(
      /cannot parse ".*broken\.docx" as docx/u,
    );
  });

  it('rejects a missing path', async () => {
    await expect(importDocuments(store, [path.join(folder, 'nope.md')])).rejects.toThrow(
      /cannot import ".*nope\.md".*Pass existing files or folders/u,
    );
  });
});

describe('importDocuments re-import', () => {
  it('updates changed files and removes deleted ones', async () => {
    const documents = path.join(folder, 'docs');
    mkdirSync(path.join(documents, 'sub'), { recursive: true });
    const first = path.join(documents, 'a.md');
    const second = path.join(documents, 'sub', 'b.md');
    writeFileSync(first, '# 甲办法\n\n第一条 甲的内容。\n');
    writeFileSync(second, '# 乙办法\n\n第一条 乙的内容。\n');
    writeFileSync(path.join(documents, 'notes.xyz'), 'ignored');
    const initial = await importDocuments(store, [documents]);
    expect(initial.added).toBe(2);
    expect(initial.skipped).toEqual([path.join(documents, 'notes.xyz')]);

    const again = await importDocuments(store, [documents]);
    expect(again.unchanged).toBe(2);
    expect(again.added + again.updated + again.removed).toBe(0);

    writeFileSync(first, '# 甲办法\n\n第一条 甲的新内容。\n\n第二条 新增条款。\n');
    unlinkSync(second);
    const changed = await importDocuments(store, [documents]);
    expect(changed.updated).toBe(1);
    expect(changed.removed).toBe(1);
    expect(listDocuments(store).map((d) => d.title)).toEqual(['甲办法']);
    expect(allPassages(store).map((p) => p.text)).toEqual(['甲的新内容。', '新增条款。']);
    const indexRows = store.sqlite
      ?.prepare('select count(*) as n from kb_passages_fts')
      .get() as { n: number };
    expect(indexRows.n).toBe(2);
  });
});
