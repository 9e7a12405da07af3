/**
 * A GB18030 encoder for tests. Node ships GB18030 decoding but no encoder,
 * so the table is built by decoding every two-byte and BMP four-byte
 * sequence once; supplementary-plane code points are computed.
 */
let table: Map<number, number[]> | null = null;

function buildTable(): Map<number, number[]> {
  const decoder = new TextDecoder('gb18030');
  const map = new Map<number, number[]>();
  for (let b1 = 0x81; b1 <= 0xfe; b1 += 1) {
    for (let b2 = 0x40; b2 <= 0xfe; b2 += 1) {
      if (b2 === 0x7f) continue;
      const text = decoder.decode(Uint8Array.of(b1, b2));
      const code = text.codePointAt(0)!;
      if (text.length === 1 && text !== '\uFFFD' && !map.has(code)) map.set(code, [b1, b2]);
    }
  }
  for (let b1 = 0x81; b1 <= 0x84; b1 += 1) {
    for (let b2 = 0x30; b2 <= 0x39; b2 += 1) {
      for (let b3 = 0x81; b3 <= 0xfe; b3 += 1) {
        for (let b4 = 0x30; b4 <= 0x39; b4 += 1) {
          const text = decoder.decode(Uint8Array.of(b1, b2, b3, b4));
          const code = text.codePointAt(0)!;
          if (text.length === 1 && text !== '\uFFFD' && !map.has(code)) {
            map.set(code, [b1, b2, b3, b4]);
          }
        }
      }
    }
  }
  return map;
}

/** Encodes text as GB18030 (GBK for characters that GBK has). */
export function encodeGb18030(text: string): Uint8Array {
  table ??= buildTable();
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
    } else if (code >= 0x10000) {
      let linear = code - 0x10000;
      const b4 = 0x30 + (linear % 10);
      linear = Math.floor(linear / 10);
      const b3 = 0x81 + (linear % 126);
      linear = Math.floor(linear / 126);
      const b2 = 0x30 + (linear % 10);
      const b1 = 0x90 + Math.floor(linear / 10);
      bytes.push(b1, b2, b3, b4);
    } else {
      const found = table.get(code);
      if (!found) throw new Error(`no GB18030 bytes for U+${code.toString(16)}`);
      bytes.push(...found);
    }
  }
  return Uint8Array.from(bytes);
}
