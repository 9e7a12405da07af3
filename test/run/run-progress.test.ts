import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLineProgress } from '../../src/run/run-progress.ts';

describe('createLineProgress', () => {
  it('writes a line per interval with rate and total', () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    let clock = 0;
    const progress = createLineProgress(stream, {
      intervalMs: 1000,
      now: () => clock,
    });
    progress.startFile('a.csv', 400);
    clock = 500;
    progress.update(100, 400);
    clock = 2000;
    progress.update(300, 400);
    clock = 4000;
    progress.update(400, 400);
    progress.finishFile();
    expect(text.split('\n')).toEqual([
      'hotline: a.csv: started',
      'hotline: a.csv: read 300 of about 400 records, 150 records/s',
      'hotline: a.csv: read 400 of about 400 records, 100 records/s',
      'hotline: a.csv: finished, 400 records, 100 records/s',
      '',
    ]);
  });
});
