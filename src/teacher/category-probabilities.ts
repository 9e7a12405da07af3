import type { TokenLogprob } from './teacher-client.ts';

/**
 * Reads category probabilities from the log-probabilities of the token
 * that holds the `category_code` value: each top alternative that is one
 * of the codes (after stripping quotes and spaces) adds exp(logprob) to
 * its code, and the result is normalised over the codes. Returns null when
 * the answer has no such token or no alternative names a code.
 */
export function categoryProbabilitiesFromLogprobs(
  tokens: readonly TokenLogprob[],
  codes: readonly string[],
): number[] | null {
  let text = '';
  const starts: number[] = [];
  for (const token of tokens) {
    starts.push(text.length);
    text += token.token;
  }
  // The value's first character is the code, whether or not the opening
  // quote shares its token.
  let valueOffset = -1;
  for (const match of text.matchAll(/"category_code"\s*:\s*"/gu)) {
    valueOffset = match.index + match[0].length;
  }
  if (valueOffset < 0) return null;
  let index = -1;
  for (let i = 0; i < tokens.length; i++) {
    const end = starts[i]! + tokens[i]!.token.length;
    if (starts[i]! <= valueOffset && valueOffset < end) {
      index = i;
      break;
    }
  }
  if (index < 0) return null;
  const token = tokens[index]!;
  const alternatives =
    token.top.length > 0
      ? token.top
      : [{ token: token.token, logprob: token.logprob }];
  const mass = new Array<number>(codes.length).fill(0);
  const seen = new Set<string>();
  for (const alternative of alternatives) {
    const code = alternative.token.replace(/^[\s"']+/u, '').slice(0, 1);
    const position = codes.indexOf(code.toUpperCase());
    if (position < 0 || seen.has(alternative.token)) continue;
    seen.add(alternative.token);
    mass[position]! += Math.exp(alternative.logprob);
  }
  const total = mass.reduce((sum, value) => sum + value, 0);
  if (total <= 0) return null;
  return mass.map((value) => value / total);
}
