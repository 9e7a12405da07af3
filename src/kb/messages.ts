/** User-facing Chinese strings of the knowledge base, in one table. */
export const kbMessages = {
  notCovered:
    '知识库中没有找到与该问题相关的法律法规或政策依据，请转人工或按其他渠道核实后答复。',
  handedOver: '系统生成的答复未通过依据核查，已转人工处理。',
  extractiveLead: (title: string, article: string | null): string =>
    article === null ? `根据《${title}》：` : `根据《${title}》${article}：`,
  modelFailed: '答复模型暂不可用',
  systemPrompt: [
    '你是12345政务服务便民热线的知识库助手，为话务员起草可以直接读给市民听的答复。',
    '只能依据下面编号的资料作答，不得使用资料以外的知识。',
    '每一句话末尾都必须用 [编号] 标注它所依据的资料，例如 [1] 或 [1][2]；',
    '只能引用列出的编号。引用法律名称、条文序号、金额、期限时必须与资料原文一致。',
    '资料不足以回答时，只回答：资料不足。',
  ].join('\n'),
  userPrompt: (question: string, sources: string): string =>
    `资料：\n${sources}\n\n市民问题：${question}\n\n请用简洁的中文作答。`,
  insufficient: '资料不足',
} as const;

/** Reasons in English for the hand-over list, by grounding issue code. */
export const reasonTexts: Record<string, (value: string | null, sentence: string) => string> = {
  no_citation: (_value, sentence) => `sentence cites no source: "${sentence}"`,
  unknown_marker: (value, sentence) =>
    `marker ${value} refers to no retrieved source: "${sentence}"`,
  unsupported: (value, sentence) =>
    `source ${value} does not support the sentence: "${sentence}"`,
  number_not_in_source: (value, sentence) =>
    `number "${value}" is not in the cited sources: "${sentence}"`,
  title_not_in_source: (value, sentence) =>
    `law title ${value} is not in the cited sources: "${sentence}"`,
  article_not_in_source: (value, sentence) =>
    `article "${value}" is not in the cited sources: "${sentence}"`,
};
