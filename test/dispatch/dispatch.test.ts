import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dispatch,
  loadDepartmentCatalogue,
  parseDepartmentCatalogue,
  type DepartmentCatalogue,
} from '../../src/dispatch/index.ts';
import { ConfigFormatError, InputFileError } from '../../src/errors/index.ts';
import { extractElements } from '../../src/extract/index.ts';

const catalogue = loadDepartmentCatalogue();
const now = new Date('2024-05-17T16:00:00+08:00');

function decide(category: string, confidence: number, title: string, body: string) {
  const elements = extractElements(title, body, { now });
  return dispatch(
    { category, confidence, elements, text: title + body },
    catalogue,
  );
}

describe('dispatch category defaults', () => {
  const defaults: [string, string][] = [
    ['城乡建设', '住房和城乡建设局'],
    ['环境保护', '生态环境局'],
    ['交通运输', '交通运输局'],
    ['教育文体', '教育局'],
    ['劳动和社会保障', '人力资源和社会保障局'],
    ['商贸旅游', '市场监督管理局'],
    ['卫生计生', '卫生健康委员会'],
  ];
  for (const [category, department] of defaults) {
    it(`sends ${category} to ${department}`, () => {
      const [first] = decide(category, 0.9, '', '情况说明');
      expect(first?.department).toBe(department);
      expect(first?.reasons[0]).toMatch(
        new RegExp(`category ${category} \\(model probability 0\\.90\\)`),
      );
      expect(first?.level).toBe('city');
    });
  }
});

describe('dispatch keyword rules', () => {
  it('sends night construction noise to urban management', () => {
    const decisions = decide(
      '城乡建设',
      0.8,
      '工地夜间施工噪音扰民',
      '晚上10点后工地还在打桩。',
    );
    expect(decisions.map((d) => d.department)).toEqual([
      '城市管理综合执法局',
      '住房和城乡建设局',
    ]);
    expect(decisions[0]?.reasons[0]).toMatch(/^rule night-construction-noise: /);
  });

  const rules: [string, string, string][] = [
    ['劳动和社会保障', '公司拖欠工资三个月', '人力资源和社会保障局劳动保障监察支队'],
    ['城乡建设', '物业擅自涨价', '住房和城乡建设局物业管理科'],
    ['城乡建设', '公交站台损坏', '交通运输局'],
    ['卫生计生', '幼儿园食堂卫生差', '教育局'],
    ['商贸旅游', '饭店油烟扰民', '生态环境局'],
    ['城乡建设', '买房想提取住房公积金', '住房公积金管理中心'],
    ['劳动和社会保障', '养老保险转移接续怎么办', '社会保险事业管理局'],
  ];
  for (const [category, text, department] of rules) {
    it(`routes ${text}`, () => {
      const [first] = decide(category, 0.8, '', text);
      expect(first?.department).toBe(department);
      expect(first?.reasons[0]).toMatch(/^rule /);
    });
  }

  it('merges reasons for one department', () => {
    const decisions = decide('交通运输', 0.9, '', '出租车拒载');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.reasons).toHaveLength(3);
  });
});

describe('dispatch levels', () => {
  it('uses the street office for a town', () => {
    const [first] = decide('城乡建设', 0.9, '', 'A3区洋湖街道路面塌陷');
    expect(first?.level).toBe('town');
    expect(first?.office).toBe('洋湖街道办事处');
    expect(first?.reasons[1]).toMatch(/level town: location A市 A3区 洋湖街道/);
  });

  it('uses the town government for a 镇', () => {
    const [first] = decide('城乡建设', 0.9, '', '湖北神农架木鱼镇路灯坏了');
    expect(first?.office).toBe('木鱼镇人民政府');
  });

  it('uses the district for a county', () => {
    const [first] = decide('环境保护', 0.9, '', '长沙市岳麓区河道发臭');
    expect(first?.level).toBe('county');
    expect(first?.office).toBe('岳麓区生态环境局');
  });

  it('uses the city for a city', () => {
    const [first] = decide('教育文体', 0.9, '', 'A市中考政策');
    expect(first?.level).toBe('city');
    expect(first?.office).toBe('A市教育局');
  });

  it('falls back to city without a location', () => {
    const [first] = decide('教育文体', 0.9, '', '中考政策');
    expect(first?.level).toBe('city');
    expect(first?.office).toBeUndefined();
    expect(first?.reasons[1]).toBe('level city: no location found');
  });
});

describe('dispatch review desk', () => {
  it('flags low confidence without a rule', () => {
    const decisions = decide('卫生计生', 0.3, '', '情况很复杂');
    expect(decisions.map((d) => d.department)).toEqual([
      '卫生健康委员会',
      '12345热线派单审核席',
    ]);
    expect(decisions[1]?.reasons[0]).toMatch(
      /model probability 0\.30 is below 0\.50 and no keyword rule matched/,
    );
  });

  it('trusts a keyword rule at low confidence', () => {
    const decisions = decide('卫生计生', 0.3, '', '物业不管');
    expect(decisions.map((d) => d.department)).not.toContain(
      '12345热线派单审核席',
    );
  });

  it('sends an unknown category to review', () => {
    const decisions = decide('其他', 0.9, '', '情况说明');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.reasons[0]).toMatch(/category 其他 has no default/);
  });
});

describe('department catalogue', () => {
  const valid = (): DepartmentCatalogue => structuredClone(catalogue);

  it('loads a user file that replaces the default', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
    const file = path.join(folder, 'departments.json');
    const custom = valid();
    custom.categories['城乡建设'] = 'urban-management';
    writeFileSync(file, JSON.stringify(custom));
    const loaded = loadDepartmentCatalogue(file);
    expect(loaded.categories['城乡建设']).toBe('urban-management');
  });

  it('names the file and field of a schema error', () => {
    const broken = valid() as unknown as { rules: { match: unknown }[] };
    (broken.rules[2] as { match: unknown }).match = '欠薪';
    expect(() => parseDepartmentCatalogue(broken, 'my.json')).toThrow(
      /my\.json is invalid at rules\[2\]\.match/,
    );
    try {
      parseDepartmentCatalogue(broken, 'my.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigFormatError);
      expect((error as ConfigFormatError).field).toBe('rules[2].match');
    }
  });

  it('rejects an unknown department reference', () => {
    const broken = valid();
    broken.categories['环境保护'] = 'nowhere';
    expect(() => parseDepartmentCatalogue(broken, 'my.json')).toThrow(
      /categories\.环境保护: department "nowhere" is not defined/,
    );
  });

  it('rejects a duplicate rule id', () => {
    const broken = valid();
    const first = broken.rules[0];
    if (first !== undefined) broken.rules.push({ ...first });
    expect(() => parseDepartmentCatalogue(broken, 'my.json')).toThrow(
      /rule id "night-construction-noise" is used twice/,
    );
  });

  it('rejects a confidence above 1', () => {
    const broken = valid();
    broken.review.minConfidence = 2;
    expect(() => parseDepartmentCatalogue(broken, 'my.json')).toThrow(
      /invalid at review\.minConfidence/,
    );
  });

  it('reports invalid JSON and missing files', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'catalogue-'));
    const file = path.join(folder, 'bad.json');
    writeFileSync(file, '{ "version": 1,');
    expect(() => loadDepartmentCatalogue(file)).toThrow(/is not valid JSON/);
    expect(() => loadDepartmentCatalogue(path.join(folder, 'none.json'))).toThrow(
      InputFileError,
    );
  });
});
