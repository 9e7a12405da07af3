import cliProgress from 'cli-progress';

/** Receives progress of a run; implementations draw a bar or log lines. */
export interface RunProgress {
  /** A file starts; `expected` is its record count when known. */
  startFile(file: string, expected: number | null): void;
  /**
   * Reports `done` records of the current file; `total` is the latest
   * estimate of its records, or null when unknown.
   */
  update(done: number, total: number | null): void;
  finishFile(): void;
  /** Releases the terminal; called once at the end of the run. */
  stop(): void;
}

/** Progress that shows nothing, for library callers and tests. */
export const silentProgress: RunProgress = {
  startFile: () => {},
  update: () => {},
  finishFile: () => {},
  stop: () => {},
};

/**
 * Draws a cli-progress bar on a terminal with count, total, rate and ETA.
 * The total stays 0 (and the ETA empty) until an estimate arrives.
 */
export function createBarProgress(
  stream: NodeJS.WritableStream,
  now: () => number = Date.now,
): RunProgress {
  let bar: cliProgress.SingleBar | null = null;
  let startedAt = 0;
  return {
    startFile(file, expected) {
      bar = new cliProgress.SingleBar(
        {
          stream,
          format:
            `${file} [{bar}] {value}/{total} | {rate}/s | ` +
            'ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(expected ?? 0, 0, { rate: '0' });
      startedAt = now();
    },
    update(done, total) {
      if (bar === null) return;
      const seconds = (now() - startedAt) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      // An estimate that was too low grows with the count.
      const known = total === null ? bar.getTotal() : total;
      if (known > 0) bar.setTotal(Math.max(known, done));
      bar.update(done, { rate: String(rate) });
    },
    finishFile() {
      bar?.stop();
      bar = null;
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/**
 * Writes plain lines for logs and pipes, where a bar would garble the
 * output: one at the start and end of each file, and one every
 * `intervalMs` in between.
 */
export function createLineProgress(
  stream: NodeJS.WritableStream,
  options: { intervalMs?: number; now?: () => number } = {},
): RunProgress {
  const intervalMs = options.intervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  let file = '';
  let expected: number | null = null;
  let startedAt = 0;
  let lastLineAt = 0;
  let lastDone = 0;

  const write = (done: number, label: string, showTotal: boolean) => {
    const seconds = Math.max((now() - startedAt) / 1000, 0.001);
    const rate = Math.round(done / seconds);
    const of = expected === null || !showTotal ? '' : ` of about ${expected}`;
    stream.write(
      `hotline: ${file}: ${label} ${done}${of} records, ${rate} records/s\n`,
    );
  };

  return {
    startFile(name, count) {
      file = name;
      expected = count;
      startedAt = now();
      lastLineAt = startedAt;
      lastDone = 0;
      stream.write(`hotline: ${file}: started\n`);
    },
    update(done, total) {
      lastDone = done;
      expected = total;
      if (now() - lastLineAt < intervalMs) return;
      lastLineAt = now();
      write(done, 'read', true);
    },
    finishFile() {
      write(lastDone, 'finished,', false);
    },
    stop() {},
  };
}
