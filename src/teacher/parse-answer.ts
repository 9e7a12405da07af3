/**
 * Splits a reply into the reasoning (`<think>` blocks, a trailing unclosed
 * `<think>`, or everything before a lone `</think>` as some distilled
 * reasoning models emit it) and the answer that follows.
 */
export function splitReasoning(content: string): {
  answer: string;
  reasoning: string | null;
} {
  const reasoning: string[] = [];
  let answer = content.replace(
    /<think>([\s\S]*?)<\/think>/gu,
    (_match, inner: string) => {
      reasoning.push(inner.trim());
      return '';
    },
  );
  const unclosed = /<think>([\s\S]*)$/u.exec(answer);
  if (unclosed) {
    reasoning.push(unclosed[1]!.trim());
    answer = answer.slice(0, unclosed.index);
  }
  const lone = answer.indexOf('</think>');
  if (lone >= 0) {
    reasoning.push(answer.slice(0, lone).trim());
    answer = answer.slice(lone + '</think>'.length);
  }
  const kept = reasoning.filter((part) => part !== '');
  return {
    answer: answer.trim(),
    reasoning: kept.length > 0 ? kept.join('\n') : null,
  };
}

/**
 * Returns the first balanced JSON object in `text`, skipping code fences
 * and any prose before or after it. Braces inside strings do not count.
 * An object that never closes is returned up to the end of the text, so
 * the parse error names what is missing.
 */
export function extractJsonObject(text: string): string | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return text.slice(start).replace(/\s*```\s*$/u, '');
}

/** Result of a tolerant parse: the value, or why it failed. */
export type LooseParse =
  | { ok: true; value: unknown }
  | { ok: false; error: string };

/**
 * Parses the JSON object in a model's answer: strips code fences and text
 * around the object, then tries JSON.parse, then again with trailing
 * commas removed, then with curly quotes turned into straight ones.
 */
export function parseJsonLoosely(answer: string): LooseParse {
  const objectText = extractJsonObject(answer);
  if (objectText === null) {
    return { ok: false, error: 'the answer contains no JSON object' };
  }
  try {
    return { ok: true, value: JSON.parse(objectText) as unknown };
  } catch (error) {
    const withoutTrailingCommas = objectText.replace(/,\s*([}\]])/gu, '$1');
    const candidates = [
      withoutTrailingCommas,
      withoutTrailingCommas.replace(/[\u201c\u201d]/gu, '"'),
    ];
    for (const candidate of candidates) {
      try {
        return { ok: true, value: JSON.parse(candidate) as unknown };
      } catch {
        // Try the next, more aggressive fix.
      }
    }
    return { ok: false, error: (error as Error).message };
  }
}
