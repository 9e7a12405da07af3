import type { Command } from 'commander';
import { InvalidArgumentError } from '../../errors/index.ts';
import {
  acknowledgeAlert,
  listAlerts,
  scanAlerts,
} from '../../hotspot/alerts.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import type { CliContext, RegisterCommand } from '../command.ts';

interface AlertsFlags {
  db?: string;
  json?: boolean;
  ack?: string;
  by?: string;
  scan: boolean;
  all?: boolean;
}

/**
 * Registers `hotline alerts`: scans stored appeals for surges, lists the
 * alerts, or acknowledges one with `--ack ID --by NAME`.
 */
export const registerAlerts: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  program
    .command('alerts')
    .description('Detect and list surges of appeals (民情预警).')
    .option('--db <path>', 'hotline database (default: HOTLINE_DB or hotline.db)')
    .option('--json', 'print JSON instead of a table')
    .option('--ack <id>', 'acknowledge the alert with this id')
    .option('--by <name>', 'who acknowledges (with --ack)')
    .option('--no-scan', 'list stored alerts without detecting new ones')
    .option('--all', 'list acknowledged alerts too')
    .action(async (flags: AlertsFlags) => {
      const store = await openStore(resolveDatabasePath(flags.db));
      try {
        if (flags.ack !== undefined) {
          const id = Number(flags.ack);
          if (!Number.isInteger(id) || id < 1) {
            throw new InvalidArgumentError({
              parameter: '--ack',
              value: flags.ack,
              message: `--ack takes an alert id (a positive integer), got "${flags.ack}".`,
            });
          }
          await acknowledgeAlert(store, id, flags.by ?? '');
          context.stdout.write(`Alert ${id} acknowledged by ${flags.by}.\n`);
          return;
        }
        if (flags.scan) await scanAlerts(store);
        const alerts = await listAlerts(
          store,
          flags.all === true ? {} : { status: 'open' },
        );
        if (flags.json === true) {
          context.stdout.write(`${JSON.stringify(alerts, null, 2)}\n`);
          return;
        }
        if (alerts.length === 0) {
          context.stdout.write('No alerts.\n');
          return;
        }
        context.stdout.write(
          'id\tstatus\tcategory\twhere\tproblem\tsince\t' +
            'observed/expected\tratio\tz\tp\texamples\n',
        );
        for (const alert of alerts) {
          context.stdout.write(
            `${alert.id}\t${alert.status}\t${alert.category ?? ''}\t` +
              `${alert.division ?? ''}\t${alert.clusterLabel ?? ''}\t` +
              `${alert.since}\t` +
              `${alert.observed}/${alert.expected.toFixed(1)}\t` +
              `${alert.ratio.toFixed(1)}\t${alert.zScore.toFixed(1)}\t` +
              `${alert.pValue.toExponential(1)}\t` +
              `${alert.exampleIds.join(',')}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
};
