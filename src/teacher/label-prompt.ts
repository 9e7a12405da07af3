import { appealTypes } from '../appeal/appeal.ts';
import type { TeacherMessage } from './teacher-client.ts';

/** Letter codes A, B, C… for the categories, in the given order. */
export function categoryCodes(categories: readonly string[]): string[] {
  return categories.map((_, i) => String.fromCharCode(65 + i));
}

/** JSON schema of the labelling answer, for `response_format: json_schema`. */
export function labelAnswerSchema(
  categories: readonly string[],
): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['category_code', 'category', 'appeal_type', 'elements', 'summary'],
    properties: {
      category_code: { type: 'string', enum: categoryCodes(categories) },
      category: { type: 'string', enum: [...categories] },
      appeal_type: { type: 'string', enum: [...appealTypes] },
      elements: {
        type: 'object',
        additionalProperties: false,
        required: ['places', 'times', 'organisations', 'issues'],
        properties: {
          places: { type: 'array', items: { type: 'string' } },
          times: { type: 'array', items: { type: 'string' } },
          organisations: { type: 'array', items: { type: 'string' } },
          issues: { type: 'array', items: { type: 'string' } },
        },
      },
      summary: { type: 'string' },
    },
  };
}

/**
 * Builds the labelling conversation for one appeal. The category code comes
 * first in the answer so that its token's log-probabilities give the
 * probability of each category.
 */
export function buildLabelMessages(
  text: string,
  categories: readonly string[],
): TeacherMessage[] {
  const codes = categoryCodes(categories);
  const list = categories
    .map((category, i) => `${codes[i]}. ${category}`)
    .join('\n');
  const system = [
    '你是12345政务服务热线的工单分类专家。阅读市民留言，按要求输出一个 JSON 对象，不要输出其他内容。',
    '一级分类（category_code 填字母，category 填名称）：',
    list,
    `诉求类型 appeal_type 取其一：${appealTypes.join(', ')}`,
    '（complaint 投诉，consultation 咨询，help 求助，suggestion 建议，report 举报，praise 表扬）。',
    'elements 列出留言中的地点 places、时间 times、单位 organisations 和具体问题 issues（字符串数组，可为空）。',
    'summary 用一句话（不超过60字）概括诉求。',
    '输出格式：{"category_code": "A", "category": "...", "appeal_type": "...", "elements": {"places": [], "times": [], "organisations": [], "issues": []}, "summary": "..."}',
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: `留言：\n${text}` },
  ];
}

/** Builds the follow-up that asks the model to fix an unusable answer. */
export function buildRepairMessage(problem: string): TeacherMessage {
  return {
    role: 'user',
    content:
      `上面的回答无法使用：${problem}。` +
      '请只输出一个符合上述格式的 JSON 对象，包含全部字段，不要输出其他内容。',
  };
}
