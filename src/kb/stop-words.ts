/**
 * Function words and question fillers that carry no topic in a citizen's
 * question or an answer sentence. Retrieval and the support score ignore
 * them, so 「这合法吗」 does not count as evidence.
 */
const stopWords = new Set(
  (
    '的 了 和 与 及 或 或者 以及 是 在 有 也 就 都 而 并 对 从 向 为 以 由 ' +
    '于 把 被 将 让 给 这 那 这个 那个 这样 那样 这种 什么 怎么 怎么办 ' +
    '怎样 怎么样 如何 吗 呢 吧 啊 呀 嘛 么 哪 哪里 哪些 哪个 谁 我 我们 ' +
    '你 你们 他 他们 她 它 我家 自己 因为 所以 如果 但是 可是 可以 可 能 ' +
    '能否 能不能 会 要 想 请问 请 问 答 一下 是否 还是 有没有 没有 不是 ' +
    '合法 违法 吗 规定 法律 法规 应该 应当 需要 现在 今天 最近 已经 一个 ' +
    '个 等 其 之 中 上 下 该 本 此 所 者 时 后 前 里 啥 咋 找 办 ' +
    // Amounts asked about, fillers and everyday verbs of spoken questions.
    '多少 多久 多长 多长时间 几 几个 算不算 算 不算 不 太 很 还 又 再 ' +
    '一直 直接 到底 究竟 真的 其他 告诉 跟着 拿到 去 来 换 了 过'
  ).split(/\s+/u),
);

/** Whether the word is a stop word (compared in lower case). */
export function isStopWord(word: string): boolean {
  return stopWords.has(word);
}
