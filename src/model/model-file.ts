import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ModelFormatError } from '../errors/index.ts';
import type { FeatureSettings } from '../text/features.ts';
import { SoftmaxModel } from './softmax-model.ts';
import {
  decodeMoeBody,
  encodeMoeBody,
  isMoeModel,
  type MoeHeaderFields,
} from './moe-codec.ts';
import { Student, type StudentMetadata } from './student.ts';
import { CompactModel, type CompactShape } from './compact-model.ts';

/** First bytes of every model file, after decompression. */
export const modelMagic = 'HLSTUDNT';
/** Identifier written in the header. */
export const modelFormat = 'hotline-student';
/** The newest format version this build reads and the one it writes. */
export const modelFormatVersion = 1;

interface ModelHeader {
  format: string;
  formatVersion: number;
  kind: 'softmax' | 'moe' | 'compact';
  labels: string[];
  featureSettings: FeatureSettings;
  temperature: number;
  metadata: StudentMetadata;
  /** Number of stored (non-pruned) rows of the weight matrix. */
  rows: number;
  /** Architecture and inference path of kind 'moe'. */
  moe?: MoeHeaderFields;
  /** Shape of kind 'compact'. */
  compact?: CompactShape;
  /** SHA-256 of the body in hex; files written before it existed lack it. */
  bodySha256?: string;
}

/** Frames a header and body: magic, version, header length, gzip. */
function packModel(header: ModelHeader, body: Buffer): Buffer {
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  const headerBytes = Buffer.from(JSON.stringify({ ...header, bodySha256 }), 'utf8');
  const prefix = Buffer.alloc(16);
  prefix.write(modelMagic, 0, 'latin1');
  prefix.writeUInt32LE(modelFormatVersion, 8);
  prefix.writeUInt32LE(headerBytes.length, 12);
  return gzipSync(Buffer.concat([prefix, headerBytes, body]), { level: 9 });
}

/**
 * Encodes a student as bytes: magic, format version, a JSON header, then
 * the weight rows that are not all zero, each as an int8 vector with one
 * float32 scale (per-row symmetric quantization), and the float32 bias.
 * The whole is gzip-compressed.
 */
export function encodeStudent(student: Student): Buffer {
  const model = student.model;
  if (isMoeModel(model)) {
    const { fields, body } = encodeMoeBody(model);
    return packModel(
      {
        format: modelFormat,
        formatVersion: modelFormatVersion,
        kind: 'moe',
        labels: student.labels,
        featureSettings: student.settings,
        temperature: student.temperature,
        metadata: student.metadata,
        rows: fields.rows,
        moe: fields,
      },
      body,
    );
  }
  if (model instanceof CompactModel) {
    const stored = model.quantized();
    // Body: the tag bytes, the int8 weights, then the float32 class scales
    // and biases. Empty slots are zero bytes, which gzip shrinks to almost
    // nothing.
    const bytes = (array: ArrayBufferView) =>
      Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    return packModel(
      {
        format: modelFormat,
        formatVersion: modelFormatVersion,
        kind: 'compact',
        labels: student.labels,
        featureSettings: student.settings,
        temperature: student.temperature,
        metadata: student.metadata,
        rows: stored.usedSlots(),
        compact: stored.shape,
      },
      Buffer.concat([bytes(stored.tags), bytes(stored.weights), bytes(stored.scales), bytes(stored.bias)]),
    );
  }
  if (!(model instanceof SoftmaxModel)) {
    throw new ModelFormatError({
      file: '(unsaved)',
      message: `cannot save a model of kind "${model.kind}": this build writes softmax, moe and compact models.`,
    });
  }
  const classes = model.classCount;
  const rowIds: number[] = [];
  for (let row = 0; row < model.buckets; row++) {
    const offset = row * classes;
    for (let c = 0; c < classes; c++) {
      if (model.weights[offset + c] !== 0) {
        rowIds.push(row);
        break;
      }
    }
  }
  const header: ModelHeader = {
    format: modelFormat,
    formatVersion: modelFormatVersion,
    kind: 'softmax',
    labels: student.labels,
    featureSettings: student.settings,
    temperature: student.temperature,
    metadata: student.metadata,
    rows: rowIds.length,
  };
  const deltas = new Int32Array(rowIds.length);
  const scales = new Float32Array(rowIds.length);
  const values = new Int8Array(rowIds.length * classes);
  let previous = 0;
  rowIds.forEach((row, i) => {
    deltas[i] = row - previous;
    previous = row;
    const offset = row * classes;
    let max = 0;
    for (let c = 0; c < classes; c++) {
      max = Math.max(max, Math.abs(model.weights[offset + c]!));
    }
    const scale = max / 127;
    scales[i] = scale;
    for (let c = 0; c < classes; c++) {
      values[i * classes + c] =
        scale === 0 ? 0 : Math.round(model.weights[offset + c]! / scale);
    }
  });
  return packModel(
    header,
    Buffer.concat([
      Buffer.from(deltas.buffer),
      Buffer.from(scales.buffer),
      Buffer.from(values.buffer),
      Buffer.from(model.bias.buffer, model.bias.byteOffset, model.bias.byteLength),
    ]),
  );
}

/** Writes a student to `file` atomically (temporary file, then rename). */
export function saveStudent(student: Student, file: string): number {
  const bytes = encodeStudent(student);
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
  return bytes.length;
}

function fail(file: string, message: string, cause?: unknown): never {
  throw new ModelFormatError({ file, message, cause });
}

/**
 * Decodes a model file's bytes.
 *
 * @throws ModelFormatError naming the file when the bytes are not a hotline
 *   model, are damaged, or have a newer format version than this build.
 */
export function decodeStudent(bytes: Buffer, file: string): Student {
  const { student, header, body } = decodeUnchecked(bytes, file);
  // Checked after decoding, so a cut file gets the more precise length
  // message above, and a same-length change of bytes is still caught.
  if (header.bodySha256 !== undefined) {
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== header.bodySha256) {
      fail(
        file,
        `model file "${file}" is damaged: its weights do not match the checksum in ` +
          'its header. Restore the file or train it again with "hotline train".',
      );
    }
  }
  return student;
}

function decodeUnchecked(
  bytes: Buffer,
  file: string,
): { student: Student; header: ModelHeader; body: Buffer } {
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (error) {
      fail(file, `model file "${file}" is a damaged gzip stream. Train it again with "hotline train" or restore the file.`, error);
    }
  }
  if (raw.length < 16 || raw.toString('latin1', 0, 8) !== modelMagic) {
    fail(
      file,
      `"${file}" is not a hotline model file (it does not start with ` +
        `${modelMagic}). Pass a file written by "hotline train".`,
    );
  }
  const version = raw.readUInt32LE(8);
  if (version > modelFormatVersion || version < 1) {
    fail(
      file,
      `model file "${file}" has format version ${version}, but this build ` +
        `reads version ${modelFormatVersion} only. Upgrade hotline or ` +
        'retrain the model with this version.',
    );
  }
  const headerLength = raw.readUInt32LE(12);
  let header: ModelHeader;
  try {
    header = JSON.parse(raw.toString('utf8', 16, 16 + headerLength)) as ModelHeader;
  } catch (error) {
    fail(file, `model file "${file}" has a damaged header. Train it again with "hotline train".`, error);
  }
  if (header === null || typeof header !== 'object' || typeof header.format !== 'string') {
    fail(file, `model file "${file}" has a damaged header (no format field). Restore the file or train it again with "hotline train".`);
  }

  if (header.format === modelFormat && header.kind === 'moe') {
    return {
      student: new Student({
        labels: header.labels,
        settings: header.featureSettings,
        model: decodeMoeBody(
          header.moe,
          raw.subarray(16 + headerLength),
          file,
          header.labels.length,
        ),
        temperature: header.temperature,
        metadata: header.metadata,
      }),
      header,
      body: raw.subarray(16 + headerLength),
    };
  }
  if (header.format === modelFormat && header.kind === 'compact') {
    return {
      student: new Student({
        labels: header.labels,
        settings: header.featureSettings,
        model: decodeCompactBody(header, raw.subarray(16 + headerLength), file),
        temperature: header.temperature,
        metadata: header.metadata,
      }),
      header,
      body: raw.subarray(16 + headerLength),
    };
  }
  if (header.format !== modelFormat || header.kind !== 'softmax') {
    fail(
      file,
      `model file "${file}" has format "${header.format}" kind ` +
        `"${header.kind}"; this build reads "${modelFormat}" kinds ` +
        '"softmax", "moe" and "compact". Upgrade hotline or train the model again.',
    );
  }
  const classes = header.labels.length;
  const buckets = header.featureSettings.buckets;
  let offset = 16 + headerLength;
  const expected = offset + header.rows * (8 + classes) + classes * 4;
  if (raw.length !== expected) {
    fail(
      file,
      `model file "${file}" is truncated or padded: ${raw.length} bytes, ` +
        `expected ${expected}. Restore the file or train it again.`,
    );
  }
  const copy = (length: number): ArrayBuffer => {
    const slice = new Uint8Array(length);
    slice.set(raw.subarray(offset, offset + length));
    offset += length;
    return slice.buffer;
  };
  const deltas = new Int32Array(copy(header.rows * 4));
  const scales = new Float32Array(copy(header.rows * 4));
  const values = new Int8Array(copy(header.rows * classes));
  const bias = new Float32Array(copy(classes * 4));
  const weights = new Float32Array(buckets * classes);
  let row = 0;
  for (let i = 0; i < header.rows; i++) {
    row += deltas[i]!;
    if (row < 0 || row >= buckets) {
      fail(file, `model file "${file}" has a weight row ${row} outside 0..${buckets - 1}. Restore the file or train it again.`);
    }
    const scale = scales[i]!;
    for (let c = 0; c < classes; c++) {
      weights[row * classes + c] = values[i * classes + c]! * scale;
    }
  }
  return {
    student: new Student({
      labels: header.labels,
      settings: header.featureSettings,
      model: new SoftmaxModel(buckets, classes, weights, bias),
      temperature: header.temperature,
      metadata: header.metadata,
    }),
    header,
    body: raw.subarray(16 + headerLength),
  };
}

function decodeCompactBody(header: ModelHeader, body: Buffer, file: string): CompactModel {
  const shape = header.compact;
  const classes = header.labels.length;
  if (
    shape === undefined ||
    shape.classCount !== classes ||
    !Number.isInteger(shape.slotBits) ||
    shape.slotBits < 8 ||
    shape.slotBits > 24
  ) {
    fail(file, `model file "${file}" has a damaged compact-model header. Train it again with "hotline train".`);
  }
  const slots = 2 ** shape.slotBits;
  const tableBytes = slots * (1 + classes);
  const expected = tableBytes + classes * 8;
  if (body.length !== expected) {
    fail(
      file,
      `model file "${file}" is truncated or padded: a body of ${body.length} bytes, ` +
        `expected ${expected}. Restore the file or train it again.`,
    );
  }
  const copy = (start: number, length: number): ArrayBuffer => {
    const slice = new Uint8Array(length);
    slice.set(body.subarray(start, start + length));
    return slice.buffer;
  };
  return new CompactModel(
    shape,
    new Uint8Array(copy(0, slots)),
    new Int8Array(copy(slots, slots * classes)),
    new Float32Array(copy(tableBytes, classes * 4)),
    new Float32Array(copy(tableBytes + classes * 4, classes * 4)),
  );
}

/** Reads a student from a model file; see `decodeStudent`. */
export function loadStudent(file: string): Student {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    fail(file, `cannot read the model file "${file}": ${(error as Error).message}. Pass --model with an existing file or train one with "hotline train".`, error);
  }
  return decodeStudent(bytes, file);
}
