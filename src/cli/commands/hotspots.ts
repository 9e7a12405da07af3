import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import { listHotspots } from '../../hotspot/list-hotspots.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import type { CliContext, RegisterCommand } from '../command.ts';

interface HotspotsFlags {
  db?: string;
  since?: string;
  until?: string;
  top: string;
  json?: boolean;
}

/** Registers `hotline hotspots`: top hotspot clusters of stored appeals. */
export const registerHotspots: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  program
    .command('hotspots')
    .description('Rank clusters of appeals about the same problem (热点).')
    .option('--db <path>', 'hotline database (default: HOTLINE_DB or hotline.db)')
    .option('--since <date>', 'first day included, YYYY-MM-DD')
    .option('--until <date>', 'day after the last one included, YYYY-MM-DD')
    .option('--top <n>', 'number of hotspots listed', '5')
    .option('--json', 'print JSON instead of tables')
    .action(async (flags: HotspotsFlags) => {
      const top = Number(flags.top);
      if (!Number.isInteger(top) || top < 1) {
        throw new InvalidArgumentError({
          parameter: '--top',
          value: flags.top,
          message: `--top must be a positive integer, got "${flags.top}".`,
        });
      }
      for (const [name, value] of [
        ['--since', flags.since],
        ['--until', flags.until],
      ] as const) {
        if (value !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(value)) {
          throw new InvalidArgumentError({
            parameter: name,
            value,
            message: `${name} must be a date YYYY-MM-DD, got "${value}".`,
          });
        }
      }
      const store = await openStore(resolveDatabasePath(flags.db));
      try {
        const options: Parameters<typeof listHotspots>[1] = { top };
        if (flags.since !== undefined) options.since = flags.since;
        if (flags.until !== undefined) options.until = flags.until;
        const hotspots = await listHotspots(store, options);
        if (flags.json === true) {
          const output = hotspots.map((hotspot) => ({
            rank: hotspot.rank,
            score: hotspot.score,
            parts: hotspot.parts,
            label: hotspot.cluster.label,
            place: hotspot.cluster.place,
            firstAt: hotspot.cluster.firstAt,
            lastAt: hotspot.cluster.lastAt,
            count: hotspot.cluster.count,
            distinctCallers: hotspot.cluster.distinctCallers,
            appeals: hotspot.appeals.map((appeal) => ({
              id: appeal.id,
              title: appeal.title,
              receivedAt: appeal.receivedAt,
              likes: appeal.likes,
              dislikes: appeal.dislikes,
            })),
          }));
          context.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
          return;
        }
        if (hotspots.length === 0) {
          context.stdout.write('No hotspots in the selected period.\n');
          return;
        }
        context.stdout.write('热度排名\t热度指数\t时间范围\t地点/人群\t问题描述\n');
        for (const hotspot of hotspots) {
          const { cluster } = hotspot;
          context.stdout.write(
            `${hotspot.rank}\t${hotspot.score.toFixed(2)}\t` +
              `${cluster.firstAt?.slice(0, 10) ?? '?'} 至 ` +
              `${cluster.lastAt?.slice(0, 10) ?? '?'}\t` +
              `${cluster.place ?? '—'}\t${cluster.label}` +
              ` (${cluster.count} appeals, ${cluster.distinctCallers} callers` +
              // Appeals without a caller count as one caller each.
              `${hotspot.appeals.some((appeal) => appeal.caller === null) ? ' at most' : ''})\n`,
          );
        }
        context.stdout.write('\n问题ID\t留言编号\t留言时间\t留言主题\n');
        for (const hotspot of hotspots) {
          for (const appeal of hotspot.appeals) {
            context.stdout.write(
              `${hotspot.rank}\t${appeal.externalId ?? `#${appeal.id}`}\t` +
                `${appeal.receivedAt ?? ''}\t` +
                `${appeal.title}\n`,
            );
          }
        }
      } finally {
        await store.close();
      }
    });
};
