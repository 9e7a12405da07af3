import type { ExpectedQuestion } from './eval-questions.ts';

/**
 * Citizen questions for tuning retrieval and the refusal gate, kept apart
 * from the hand-written test questions in `eval-questions.ts`: thresholds,
 * weights and synonyms are chosen on this set only, and the test set
 * measures the result. Each expected article was read in the 62-law
 * knowledge base and answers the question.
 */
export const developmentQuestions: ExpectedQuestion[] = [
  // Wages.
  { question: '公司拖欠工资三个月了怎么办？', expected: [{ law: '劳动合同法', article: '第三十条' }, { law: '劳动法', article: '第五十条' }, { law: '劳动法', article: '第九十一条' }, { law: '劳动合同法', article: '第八十五条' }] },
  { question: '老板用购物卡代替工资发给我们，这样可以吗？', expected: [{ law: '劳动法', article: '第五十条' }, { law: '保障农民工工资支付条例', article: '第十一条' }] },
  { question: '最低工资标准是由哪一级政府规定的？', expected: [{ law: '劳动法', article: '第四十八条' }] },
  { question: '试用期的工资可以比转正后低多少？', expected: [{ law: '劳动合同法', article: '第二十条' }] },
  { question: '公司经常让我们加班却不给加班费，合法吗？', expected: [{ law: '劳动合同法', article: '第三十一条' }, { law: '劳动法', article: '第四十四条' }, { law: '劳动合同法', article: '第八十五条' }] },
  { question: '工地包工头欠农民工的工资，工资支付台账要保存几年？', expected: [{ law: '保障农民工工资支付条例', article: '第十五条' }] },
  // Labour contracts.
  { question: '劳动合同到期公司不续签了，能拿到经济补偿吗？', expected: [{ law: '劳动合同法', article: '第四十六条' }] },
  { question: '在同一家公司干满十年了，可以要求签无固定期限合同吗？', expected: [{ law: '劳动合同法', article: '第十四条' }] },
  { question: '我想辞职，需要提前多少天告诉公司？', expected: [{ law: '劳动合同法', article: '第三十七条' }, { law: '劳动法', article: '第三十一条' }] },
  { question: '离职后竞业限制的期限最长能约定多久？', expected: [{ law: '劳动合同法', article: '第二十四条' }] },
  { question: '劳务派遣的员工和正式员工能同工同酬吗？', expected: [{ law: '劳动合同法', article: '第六十三条' }] },
  { question: '公司不给缴社保，我可以直接提出解除劳动合同吗？', expected: [{ law: '劳动合同法', article: '第三十八条' }] },
  { question: '申请劳动仲裁有没有时间限制？', expected: [{ law: '劳动争议调解仲裁法', article: '第二十七条' }] },
  { question: '发现公司违反劳动法，可以向哪个部门投诉举报？', expected: [{ law: '劳动保障监察条例', article: '第九条' }] },
  // Social insurance and pensions.
  { question: '换了城市工作，养老保险关系能跟着转过去吗？', expected: [{ law: '社会保险法', article: '第十九条' }] },
  { question: '养老保险要交满多少年退休后才能按月领养老金？', expected: [{ law: '社会保险法', article: '第十六条' }] },
  { question: '父亲生病去世了，家属能领丧葬补助金吗？', expected: [{ law: '社会保险法', article: '第十七条' }] },
  { question: '失业保险金最长能领多长时间？', expected: [{ law: '社会保险法', article: '第四十六条' }] },
  { question: '下班路上被车撞了，算不算工伤？', expected: [{ law: '工伤保险条例', article: '第十四条' }] },
  { question: '公司不给申请工伤认定，我自己在多长时间内可以申请？', expected: [{ law: '工伤保险条例', article: '第十七条' }] },
  { question: '女职工生孩子的生育津贴按什么标准发？', expected: [{ law: '社会保险法', article: '第五十六条' }] },
  { question: '女职工生孩子能休多少天产假？', expected: [{ law: '女职工劳动保护特别规定', article: '第七条' }] },
  // Property management and housing.
  { question: '小区的车位车库应该先卖给业主吗？', expected: [{ law: '物权编', article: '第二百七十六条' }] },
  { question: '楼下业主把住宅改成饭馆开店，需要其他业主同意吗？', expected: [{ law: '物权编', article: '第二百七十九条' }] },
  { question: '小区的维修资金归谁所有，能用来修电梯吗？', expected: [{ law: '物权编', article: '第二百八十一条' }] },
  { question: '物业服务费的收费标准是怎么确定的？', expected: [{ law: '物业管理条例', article: '第四十条' }] },
  { question: '一个小区可以成立几个业主大会？', expected: [{ law: '物业管理条例', article: '第九条' }] },
  { question: '拆迁的时候开发商给我家断水断电逼我搬走，这合法吗？', expected: [{ law: '国有土地上房屋征收与补偿条例', article: '第二十七条' }] },
  { question: '对政府的征收补偿决定不服，可以起诉吗？', expected: [{ law: '国有土地上房屋征收与补偿条例', article: '第二十六条' }] },
  { question: '开发商预售商品房需要满足哪些条件？', expected: [{ law: '城市房地产管理法', article: '第四十五条' }] },
  // Noise.
  { question: '小区广场舞音响声音太大，有没有规定？', expected: [{ law: '噪声污染防治法', article: '第六十四条' }] },
  { question: '楼下商店用大喇叭循环播放广告，太吵了怎么办？', expected: [{ law: '噪声污染防治法', article: '第六十三条' }, { law: '噪声污染防治法', article: '第八十一条' }] },
  { question: '邻居家里电视和乐器声音太大影响休息，有规定吗？', expected: [{ law: '噪声污染防治法', article: '第六十五条' }] },
  // Consumer refunds.
  { question: '办了健身卡，健身房不营业了，预付的钱能退吗？', expected: [{ law: '消费者权益保护法', article: '第五十三条' }] },
  { question: '店里贴着最终解释权归本店所有，这种声明有效吗？', expected: [{ law: '消费者权益保护法', article: '第二十六条' }] },
  { question: '买的冰箱有质量问题，商家不给退货怎么办？', expected: [{ law: '消费者权益保护法', article: '第二十四条' }] },
  { question: '网购平台把我的差评删掉了，平台能这样做吗？', expected: [{ law: '电子商务法', article: '第三十九条' }] },
  // Traffic.
  { question: '开车时打手机会被处罚吗？', expected: [{ law: '道路交通安全法实施条例', article: '第六十二条' }] },
  { question: '两辆车剐蹭没有人受伤，可以先挪车再协商吗？', expected: [{ law: '道路交通安全法', article: '第七十条' }, { law: '道路交通安全法实施条例', article: '第八十六条' }] },
  { question: '汽车撞了闯红灯的行人，司机要承担多少责任？', expected: [{ law: '道路交通安全法', article: '第七十六条' }] },
  { question: '车没买交强险上路被查到会怎么处理？', expected: [{ law: '道路交通安全法', article: '第九十八条' }] },
  // Schools.
  { question: '初中可以分重点班和普通班吗？', expected: [{ law: '义务教育法', article: '第二十二条' }] },
  { question: '孩子读小学初中要交学费吗？', expected: [{ law: '义务教育法', article: '第二条' }] },
  { question: '户口不在本地，孩子能在我们打工的城市上学吗？', expected: [{ law: '义务教育法', article: '第十二条' }] },
  { question: '幼儿园可以提前教小学的课程吗？', expected: [{ law: '学前教育法', article: '第五十九条' }] },
  // Medical disputes.
  { question: '和医院发生医疗纠纷，有哪些解决途径？', expected: [{ law: '医疗纠纷预防和处理条例', article: '第二十二条' }] },
  { question: '病人可以复印自己的住院病历吗？', expected: [{ law: '医疗纠纷预防和处理条例', article: '第十六条' }] },
  // Food safety.
  { question: '超市卖过期食品，能要求十倍赔偿吗？', expected: [{ law: '食品安全法', article: '第一百四十八条' }] },
  { question: '饭店的厨师必须有健康证吗？', expected: [{ law: '食品安全法', article: '第四十五条' }] },
  { question: '路边的食品摊贩归谁管？', expected: [{ law: '食品安全法', article: '第三十六条' }] },
  // Welfare and family.
  { question: '申请低保要到哪里提出申请？', expected: [{ law: '城市居民最低生活保障条例', article: '第七条' }] },
  { question: '子女不在身边，法律要求经常回家看望老人吗？', expected: [{ law: '老年人权益保障法', article: '第十八条' }] },
];

/**
 * Unanswerable questions for tuning the refusal gate, none of them in the
 * test list: everyday services and procedures that no article of the 62
 * laws answers.
 */
export const developmentUnanswerableQuestions: string[] = [
  '公交卡丢了怎么补办？',
  '孩子刚出生怎么上户口？',
  '居住证怎么办理？',
  '宠物狗去哪里打疫苗？',
  '高铁票怎么改签？',
  '手机号被停机了怎么办？',
  '医院挂号怎么网上预约？',
  '今年的高考分数线是多少？',
  '信用卡逾期了会影响征信吗？',
  '怎么申请发明专利？',
  '注册商标要多长时间？',
  '考驾照科目一怎么预约？',
  '房贷利率现在是多少？',
  '家里宽带网速太慢找谁？',
  '地铁晚上几点停运？',
  '市图书馆周末开门吗？',
  '港澳通行证怎么续签？',
  '春节高速公路免费吗？',
  '个体户营业执照怎么注销？',
  '社保卡密码忘了怎么重置？',
];
