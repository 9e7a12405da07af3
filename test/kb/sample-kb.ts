import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store/database.ts';
import { importDocuments } from '../../src/kb/import-documents.ts';
import { allPassages } from '../../src/kb/kb-database.ts';
import type { Passage } from '../../src/kb/passage.ts';

/** An invented city property regulation (K1–K3) and FAQ (K4–K8). */
export const sampleRegulation = `# 示例市物业管理办法

## 第二章 物业服务

第十二条 物业服务企业应当在物业管理区域显著位置公示服务内容、收费项目和收费标准；未经公示的项目不得收费。

第二十条 物业服务企业不得以业主拖欠物业费为由，中断或者限制供水、供电、供气、供热。

## 第三章 环境与安宁

第三十一条 居住区内每日二十二时至次日六时禁止产生噪声的建筑施工作业，抢修、抢险除外。
`;

export const sampleFaq = `# 示例市12345常见问题

问：夜间施工噪音扰民找谁？答：可拨打12345热线，或向所在区生态环境部门反映。

问：小区停车位被占找谁？答：先联系物业服务企业，也可向属地街道反映。

问：住房公积金怎么提取？答：携带身份证到公积金管理中心办理。

问：房屋租赁合同备案怎么办？答：到区住房和城乡建设部门办理。

问：公共租赁住房怎么申请？答：符合条件的家庭向户籍所在街道提出申请。
`;

/** A store holding the sample documents, with K1–K8 looked up. */
export interface SampleKb {
  store: Store;
  folder: string;
  /** K1…K8 by label. */
  passages: Record<string, Passage>;
  close(): Promise<void>;
}

/** Opens a temporary store and imports the sample documents into it. */
export async function openSampleKb(): Promise<SampleKb> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hotline-kb-'));
  const documents = path.join(folder, 'docs');
  mkdirSync(documents);
  writeFileSync(path.join(documents, 'regulation.md'), sampleRegulation);
  writeFileSync(path.join(documents, 'faq.md'), sampleFaq);
  const store = await openStore(path.join(folder, 'kb.db'));
  await importDocuments(store, [documents]);
  const all = allPassages(store);
  const find = (start: string): Passage => {
    const passage = all.find((p) => p.text.startsWith(start));
    if (passage === undefined) throw new Error(`sample passage missing: ${start}`);
    return passage;
  };
  return {
    store,
    folder,
    passages: {
      K1: find('物业服务企业应当在物业管理区域'),
      K2: find('物业服务企业不得以业主'),
      K3: find('居住区内每日'),
      K4: find('问：夜间施工'),
      K5: find('问：小区停车位'),
      K6: find('问：住房公积金'),
      K7: find('问：房屋租赁'),
      K8: find('问：公共租赁'),
    },
    close: async () => {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
