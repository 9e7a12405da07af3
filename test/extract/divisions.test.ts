import { describe, expect, it } from 'vitest';
import {
  defaultHomeProvinceCode,
  matchDivisions,
} from '../../src/extract/divisions.ts';
import { buildIndex, divisionIndex } from '../../src/extract/division-index.ts';
import { foldCharacters } from '../../src/extract/fold-characters.ts';

const home = { homeProvinceCode: defaultHomeProvinceCode };

function match(text: string) {
  return matchDivisions(text, home).division;
}

describe('matchDivisions field cases', () => {
  it('reads 西藏北路 as a road, not 西藏', () => {
    const division = match('上海市静安区西藏北路');
    expect(division?.code).toBe('310106');
    expect(division?.path).toEqual(['上海市', '静安区']);
  });

  it('reads 山西路 as a road under 南京 鼓楼区', () => {
    expect(match('南京市鼓楼区山西路')?.code).toBe('320106');
  });

  it('ignores 杭州城 and 西湖苑 estates', () => {
    const result = matchDivisions('新疆伊宁市解放路杭州城小区西湖苑', home);
    expect(result.division?.code).toBe('654002');
    expect(result.mentions.map((m) => m.text)).toEqual(['新疆', '伊宁市']);
  });

  it('folds Traditional and skips 河北街', () => {
    const result = matchDivisions('廣東省佛山市順德區河北街8號', home);
    expect(result.division?.code).toBe('440606');
    expect(result.division?.path).toEqual(['广东省', '佛山市', '顺德区']);
    // Offsets refer to the original text.
    expect(result.mentions[2]).toEqual({ text: '順德區', start: 6, end: 9 });
  });

  it('keeps 邵阳县 apart from 邵阳市', () => {
    const division = match('湖南省邵阳县塘渡口镇');
    expect(division?.code).toBe('430523');
    expect(division?.level).toBe('county');
    expect(division?.town).toEqual({ code: '430523100', name: '塘渡口镇' });
  });

  it('keeps 吉林市 apart from 吉林省', () => {
    const division = match('吉林省吉林市船营区');
    expect(division?.code).toBe('220204');
    expect(division?.path).toEqual(['吉林省', '吉林市', '船营区']);
  });

  it('reads 神农架 without its suffix', () => {
    const division = match('湖北神农架木鱼镇');
    expect(division?.code).toBe('429021');
    expect(division?.town).toEqual({ code: '429021102', name: '木鱼镇' });
  });

  it('finds counties under 重庆', () => {
    const division = match('重庆忠县白公街道');
    expect(division?.code).toBe('500233');
    expect(division?.path).toEqual(['重庆市', '忠县']);
    expect(division?.town?.code).toBe('500233002');
    expect(match('重庆奉节县')?.code).toBe('500236');
  });
});

describe('matchDivisions anonymised forms', () => {
  it('maps A市 to a city with a null code', () => {
    expect(match('A市城管不作为')).toEqual({
      code: null,
      path: ['A市'],
      level: 'city',
    });
  });

  it('maps A3区 to a county under A市', () => {
    const division = match('座落在A市A3区联丰路米兰春天G2栋320');
    expect(division).toEqual({
      code: null,
      path: ['A市', 'A3区'],
      level: 'county',
    });
  });

  it('attaches a real town name', () => {
    const division = match('A3区洋湖街道');
    expect(division?.path).toEqual(['A市', 'A3区']);
    expect(division?.town).toEqual({ code: null, name: '洋湖街道' });
    expect(match('A2区桂花坪街道')?.town?.name).toBe('桂花坪街道');
    expect(match('A7县春华镇金鼎村')?.path).toEqual(['A市', 'A7县']);
  });

  it('attaches no town outside the home province', () => {
    const result = matchDivisions('A3区洋湖街道', { homeProvinceCode: '11' });
    expect(result.division?.town).toBeUndefined();
  });

  it('reads A3区大道 as a road', () => {
    expect(match('A3区大道西行便道')).toBeNull();
  });

  it('keeps B市 letters apart', () => {
    expect(match('B市交警')?.path).toEqual(['B市']);
  });
});

describe('matchDivisions short forms and ties', () => {
  it('accepts 长沙 and 岳麓 with context', () => {
    expect(match('长沙岳麓区')?.code).toBe('430104');
    expect(match('长沙岳麓')?.code).toBe('430104');
  });

  it('rejects a two-character county stem alone', () => {
    expect(match('岳麓山的风景')?.code).not.toBe('430104');
  });

  it('rejects a town name without context', () => {
    expect(match('木鱼镇的路灯坏了')).toBeNull();
  });

  it('reads 邵阳 as the city', () => {
    expect(match('湖南邵阳')?.code).toBe('4305');
    expect(match('邵阳县')?.code).toBe('430523');
  });

  it('reads bare 吉林 as the province', () => {
    expect(match('吉林')?.code).toBe('22');
  });

  it('returns null for an unresolvable 鼓楼区', () => {
    expect(match('鼓楼区')).toBeNull();
  });

  it('ignores 城区 without context', () => {
    expect(match('城区道路拥堵')).toBeNull();
  });

  it('returns null for text without divisions', () => {
    expect(matchDivisions('小区门口的路灯坏了', home)).toEqual({
      division: null,
      mentions: [],
    });
  });
});

describe('division index', () => {
  it('gives 湘西 and 城步县 short forms', () => {
    const index = divisionIndex();
    const xiangxi = index.aliasesByPrefix.get('湘西') ?? [];
    expect(xiangxi.map((alias) => alias.text)).toContain('湘西');
    const chengbu = index.aliasesByPrefix.get('城步') ?? [];
    expect(chengbu.map((alias) => alias.text)).toContain('城步县');
  });

  it('builds parents from code prefixes', () => {
    const index = buildIndex({
      foldPairs: '區区',
      provinces: [['43', '湖南省']],
      cities: [['4301', '长沙市']],
      counties: [['430104', '岳麓区']],
      towns: [['430104015', '洋湖街道']],
    });
    const town = index.byCode.get('430104015');
    expect(town?.parent?.code).toBe('430104');
    expect(town?.parent?.parent?.parent?.name).toBe('湖南省');
    expect(index.foldMap.get('區')).toBe('区');
  });

  it('folds characters without moving offsets', () => {
    const text = '順德區河北街8號';
    expect(foldCharacters(text)).toBe('顺德区河北街8号');
    expect(foldCharacters('长沙')).toBe('长沙');
  });
});

describe('matchDivisions road guard', () => {
  it('keeps a town before 路灯 and 路面', () => {
    expect(match('A3区洋湖街道路面塌陷')?.town?.name).toBe('洋湖街道');
    expect(match('湖北神农架木鱼镇路灯坏了')?.town?.code).toBe('429021102');
  });
});
