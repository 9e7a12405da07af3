/**
 * Runs every benchmark script in this folder, one child process each so
 * that peak memory and caches do not leak between them, and prints each
 * script's table under its area name.
 *
 * Run: npm run bench [-- NAME... | all]   (NAME: file name without .ts)
 *
 * With no name it runs the core set: the student model, the run stages
 * and the run into SQLite. `all` adds the slower benchmarks (hotspots at
 * one million appeals, learning curves, architecture search, serving).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = path.dirname(fileURLToPath(import.meta.url));
const coreSet = ['model', 'run-stages', 'run-store'];
const argumentsGiven = process.argv.slice(2);
const requested =
  argumentsGiven.length === 0
    ? coreSet
    : argumentsGiven.includes('all')
      ? []
      : argumentsGiven;
// Scripts that are not benchmarks of an area.
const excluded = new Set(['run.ts']);

const scripts = readdirSync(folder)
  .filter((name) => name.endsWith('.ts') && !excluded.has(name))
  .filter((name) => requested.length === 0 || requested.includes(name.slice(0, -3)))
  .sort();

let failures = 0;
for (const script of scripts) {
  process.stdout.write(`\n== ${script.slice(0, -3)} ==\n`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(folder, script)],
    { cwd: path.dirname(folder), stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) {
    failures += 1;
    process.stdout.write(`${script} failed with status ${String(result.status)}\n`);
  }
}
process.exitCode = failures > 0 ? 1 : 0;
