import { segment } from '../text/segment.ts';
import { normalizeText } from './normalize-text.ts';

/**
 * Words of hotline letters that say nothing about the problem: greetings,
 * addressees and request verbs. Rare words decide the clusters, and these
 * would otherwise link unrelated appeals.
 */
export const stopWords: ReadonlySet<string> = new Set(
  (
    '尊敬 领导 您好 你好 书记 市长 局长 主任 政府 相关 部门 问题 反映 投诉 ' +
    '请问 希望 要求 请求 恳请 建议 咨询 我们 你们 他们 现在 没有 一个 这个 ' +
    '那个 已经 情况 进行 可以 这样 因为 所以 但是 如果 还是 什么 怎么 为什么 ' +
    '非常 严重 多次 一直 目前 谢谢 感谢 本人 业主 居民 市民 百姓 老百姓 解决 ' +
    '处理 有关 关于 以及 能否 是否 何时 时候 今年 去年 每天 不能 不是 就是 ' +
    '西地省 A市'
  ).split(' '),
);

/** Weights of a feature by where it comes from. */
const titleWeight = 2;
const wordWeight = 1;
const bigramWeight = 0.5;

/**
 * Returns the weighted term counts of an appeal: jieba words of two or
 * more characters (not stop words or numbers) and character bigrams of
 * the normalised text, with title terms counted twice because titles
 * name the problem. Bigram keys start with `#` to keep them apart from
 * words.
 */
export function termCounts(title: string, body: string): Map<string, number> {
  const counts = new Map<string, number>();
  addText(counts, title, titleWeight);
  addText(counts, body, 1);
  return counts;
}

function addText(
  counts: Map<string, number>,
  text: string,
  factor: number,
): void {
  for (const word of segment(text)) {
    if (word.length < 2 || stopWords.has(word) || /^[\d.]+$/.test(word)) {
      continue;
    }
    counts.set(word, (counts.get(word) ?? 0) + wordWeight * factor);
  }
  const normalized = normalizeText(text);
  for (let i = 0; i + 2 <= normalized.length; i += 1) {
    const bigram = normalized.slice(i, i + 2);
    if (/^[\da-z]+$/.test(bigram)) continue;
    const key = `#${bigram}`;
    counts.set(key, (counts.get(key) ?? 0) + bigramWeight * factor);
  }
}
