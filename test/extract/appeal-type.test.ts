import { describe, expect, it } from 'vitest';
import type { AppealType } from '../../src/appeal/appeal.ts';
import { classifyAppealType } from '../../src/extract/appeal-type.ts';

/** [title, body, expected type]; written to read like real appeals. */
const table: [string, string, AppealType][] = [
  ['咨询公积金提取问题', '请问离职后公积金怎么办理提取？需要哪些材料？', 'consultation'],
  ['', '请问孩子上小学需要哪些材料？', 'consultation'],
  // A question that asks for action is a complaint, not a consultation.
  ['搅拌站噪音', '搅拌站每晚作业到凌晨，请问有关部门能否处理？', 'complaint'],
  ['', '楼下烧烤店油烟严重影响休息，请尽快解决。', 'complaint'],
  ['关于社保转移', '本人从外地调来工作，社保能否转移到本市？', 'consultation'],
  ['', '新生儿医保在哪里办理？是否可以网上办？', 'consultation'],
  ['老旧小区改造什么时候开始', '我们小区列入改造名单了吗？', 'consultation'],
  ['', '想了解一下失业金的申领条件。', 'consultation'],
  ['咨询人才购房补贴', '硕士落户后可以领购房补贴吗？', 'consultation'],
  ['', '灵活就业人员的养老保险如何缴纳？', 'consultation'],
  ['电动车上牌', '电动车上牌是不是一定要本人去？', 'consultation'],
  ['举报化工厂偷排污水', '每天夜里工厂偷排污水到河里，河水发黑发臭。', 'report'],
  ['', '举报某小区内有人开设赌场，每晚聚众赌博。', 'report'],
  ['某公司违法占用基本农田', '该公司未经审批在基本农田上建厂房，属于违法行为。', 'report'],
  ['', '楼下一家黑作坊生产食品，卫生条件极差。', 'report'],
  ['举报', '有人在路边非法集资，承诺高额回报。', 'report'],
  ['某餐馆偷税漏税', '消费从不开发票，疑似偷税漏税。', 'report'],
  ['建议增设公交线路', '我们片区没有直达市中心的公交，建议增设一条线路。', 'suggestion'],
  ['', '希望增设一个过街天桥，方便学生上学。', 'suggestion'],
  ['关于延长地铁运营时间的建议', '晚上加班的人多，地铁末班车太早。', 'suggestion'],
  ['', '希望在公园里加装一些健身器材和座椅。', 'suggestion'],
  ['提议', '提议在学校门口设置限速标志和减速带。', 'suggestion'],
  ['', '建议政府在老城区多建一些公共停车场。', 'suggestion'],
  ['表扬社区工作人员', '社区王主任多次上门帮助独居老人，特此表扬。', 'praise'],
  ['为环卫工人点赞', '凌晨大雪，环卫工人连夜清扫，道路很快恢复通行。', 'praise'],
  ['', '感谢派出所民警帮我找回了丢失的钱包，服务热情周到。', 'praise'],
  ['感谢供电局', '停电后抢修人员两个小时就恢复了供电，非常感谢！', 'praise'],
  ['', '给医院急诊科的医生送去一面锦旗，救了我父亲的命。', 'praise'],
  ['求助', '母亲重病住院，家里已经拿不出医药费了。', 'help'],
  ['', '老人走失三天了，求求大家帮帮忙找一找。', 'help'],
  ['独居老人求助', '八十岁老人独居，生活困难，无人照顾。', 'help'],
  ['', '孩子患白血病，急需帮助，恳请政府救助。', 'help'],
  ['被房东赶出来无处可去', '带着孩子无家可归，走投无路了。', 'help'],
  ['投诉物业乱收费', '物业擅自上调物业费，业主多次反映无果。', 'complaint'],
  ['', '楼下烧烤店油烟扰民，每天营业到凌晨两点。', 'complaint'],
  ['工地夜间施工噪音大', '每天晚上十点以后还在打桩，严重影响休息。', 'complaint'],
  ['', '公司拖欠工资三个月，老板不接电话。', 'complaint'],
  ['小区停水', '已经停水两天了，也没有任何通知。', 'complaint'],
  ['路灯坏了', '小区门口的路灯坏了一个多月，晚上出行很不安全。', 'complaint'],
  ['投诉街道办不作为', '多次反映垃圾堆放问题，街道办推诿不管。', 'complaint'],
  ['出租车拒载', '在火车站打车，司机嫌路近拒载，态度恶劣。', 'complaint'],
  ['', '小区电梯经常坏，物业维修不及时，请尽快处理，谢谢！', 'complaint'],
  ['学校强制补课', '学校周末强制学生补课并收费，望查处。不胜感谢！', 'complaint'],
  ['道路积水', '下雨后路面积水严重，行人无法通行。先谢谢领导！', 'complaint'],
  ['噪音', '广场舞音响声音太大，影响居民休息。', 'complaint'],
];

describe('classifyAppealType table', () => {
  for (const [title, body, expected] of table) {
    it(`${expected}: ${(title || body).slice(0, 14)}`, () => {
      expect(classifyAppealType(title, body).type).toBe(expected);
    });
  }

  it('has more than 40 labelled cases', () => {
    expect(table.length).toBeGreaterThan(40);
  });
});

describe('classifyAppealType reasons', () => {
  it('names the deciding cue and field', () => {
    const result = classifyAppealType('举报化工厂偷排污水', '');
    expect(result.type).toBe('report');
    expect(result.reason).toMatch(/cue 「举报」 in the title/);
  });

  it('explains the default', () => {
    const result = classifyAppealType('', '路灯不亮');
    expect(result).toEqual({
      type: 'complaint',
      reason: 'no cue phrase; complaint is the default',
    });
  });

  it('ignores a closing courtesy', () => {
    const result = classifyAppealType('', '垃圾没人清理，请尽快处理，万分感谢！');
    expect(result.type).toBe('complaint');
  });
});
