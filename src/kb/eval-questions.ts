/** A hand-written citizen question with the articles that answer it. */
export interface ExpectedQuestion {
  question: string;
  /** Articles accepted as correct, each a law short name and article. */
  expected: { law: string; article: string }[];
}

/**
 * Realistic consultation questions, each checked against the text of the
 * expected articles in the 62-law knowledge base.
 */
export const handWrittenQuestions: ExpectedQuestion[] = [
  { question: '试用期最长可以约定多久？', expected: [{ law: '劳动合同法', article: '第十九条' }, { law: '劳动法', article: '第二十一条' }] },
  { question: '入职一年了公司一直不跟我签劳动合同，能要双倍工资吗？', expected: [{ law: '劳动合同法', article: '第八十二条' }] },
  { question: '公司入职时扣着我的身份证不还，这合法吗？', expected: [{ law: '劳动合同法', article: '第九条' }] },
  { question: '老板拖欠工资不发，我能向法院申请支付令吗？', expected: [{ law: '劳动合同法', article: '第三十条' }] },
  { question: '法定节假日加班，加班费按工资的多少支付？', expected: [{ law: '劳动法', article: '第四十四条' }] },
  { question: '被公司辞退了，经济补偿怎么计算？', expected: [{ law: '劳动合同法', article: '第四十七条' }] },
  { question: '女职工怀孕期间公司能解除劳动合同吗？', expected: [{ law: '劳动合同法', article: '第四十二条' }, { law: '妇女权益保障法', article: '第四十八条' }] },
  { question: '国家规定每天工作时间最多几个小时？', expected: [{ law: '劳动法', article: '第三十六条' }] },
  { question: '网上买的东西不喜欢，七天内能无理由退货吗？', expected: [{ law: '消费者权益保护法', article: '第二十五条' }] },
  { question: '商家卖假货欺诈消费者，能要求几倍赔偿？', expected: [{ law: '消费者权益保护法', article: '第五十五条' }] },
  { question: '楼上邻居装修噪音太大，装修时间有限制吗？', expected: [{ law: '噪声污染防治法', article: '第六十六条' }] },
  { question: '工地夜里施工噪声扰民，夜间施工需要什么证明？', expected: [{ law: '噪声污染防治法', article: '第四十三条' }] },
  { question: '业主一直不交物业费，物业公司可以去法院起诉吗？', expected: [{ law: '物业管理条例', article: '第六十四条' }] },
  { question: '小区电梯广告的收入归谁所有？', expected: [{ law: '物权编', article: '第二百八十二条' }] },
  { question: '骑电动车可以在机动车道上行驶吗？', expected: [{ law: '道路交通安全法', article: '第五十七条' }] },
  { question: '醉酒开车会受到什么处罚？', expected: [{ law: '道路交通安全法', article: '第九十一条' }] },
  { question: '什么情况下可以提取住房公积金？', expected: [{ law: '住房公积金管理条例', article: '第二十四条' }] },
  { question: '单位不给员工交社保怎么办？', expected: [{ law: '社会保险法', article: '第六十三条' }, { law: '社会保险法', article: '第八十六条' }, { law: '社会保险法', article: '第五十八条' }] },
  { question: '失业了领取失业保险金需要满足什么条件？', expected: [{ law: '社会保险法', article: '第四十五条' }] },
  { question: '农民工的工资必须按月发放吗？', expected: [{ law: '保障农民工工资支付条例', article: '第十一条' }, { law: '保障农民工工资支付条例', article: '第十二条' }] },
  { question: '房屋被征收了，补偿包括哪些内容？', expected: [{ law: '国有土地上房屋征收与补偿条例', article: '第十七条' }] },
  { question: '楼上有人往下扔东西砸坏了我的车，谁来赔偿？', expected: [{ law: '侵权责任编', article: '第一千二百五十四条' }] },
  { question: '邻居养的狗把人咬伤了，狗主人要承担责任吗？', expected: [{ law: '侵权责任编', article: '第一千二百四十五条' }, { law: '侵权责任编', article: '第一千二百四十六条' }] },
  { question: '孩子满几周岁可以上小学？', expected: [{ law: '义务教育法', article: '第十一条' }] },
  { question: '子女不赡养老人，老人可以要求给付赡养费吗？', expected: [{ law: '老年人权益保障法', article: '第十九条' }] },
  { question: '网吧可以让未成年人进入吗？', expected: [{ law: '未成年人保护法', article: '第五十八条' }] },
  { question: '商店卖东西必须明码标价吗？', expected: [{ law: '价格法', article: '第十三条' }] },
  { question: '职工连续工作一年以上可以享受带薪年休假吗？', expected: [{ law: '劳动法', article: '第四十五条' }] },
  { question: '共享单车押金退不回来，平台应该怎么退押金？', expected: [{ law: '电子商务法', article: '第二十一条' }] },
  { question: '饭店使用过期食材，这违法吗？', expected: [{ law: '食品安全法', article: '第三十四条' }] },
];

/**
 * Questions the knowledge base cannot answer: out-of-domain small talk and
 * in-domain-sounding topics that none of the 62 laws covers.
 */
export const unanswerableQuestions: string[] = [
  '明天北京会下雨吗？',
  '今天天气怎么样？',
  '昨晚国足比赛比分是多少？',
  'NBA总决赛谁赢了？',
  '附近有什么好吃的火锅店推荐？',
  '周末带孩子去哪里玩比较好？',
  '红烧肉怎么做才好吃？',
  '最近股票能买吗？',
  '苹果手机怎么截图？',
  '哪部电影最近比较好看？',
  '我的快递到哪里了？',
  '怎么减肥最快？',
  '彩票中奖了要交多少税？',
  '新能源汽车购置补贴怎么申请？',
  '出国护照怎么办理？',
  '结婚登记需要带什么材料？',
  '养犬登记证在哪里办？',
  '个人所得税专项附加扣除怎么填报？',
  '离婚冷静期是多久？',
  '驾驶证到期了怎么换证？',
];
