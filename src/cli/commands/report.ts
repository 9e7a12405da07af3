import type { Command } from 'commander';
import type { CliContext, RegisterCommand } from '../command.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import { defaultReportPath, writeReport } from '../../report/write-report.ts';
import { computeAgreement } from '../../report/agreement.ts';
import { renderStoreSections } from '../../report/store-sections.ts';
import { existsSync } from 'node:fs';
import { InvalidArgumentError } from '../../errors/index.ts';

interface ReportFlags {
  db?: string;
  out?: string;
  json?: boolean;
}

/** Registers `hotline report`: renders the HTML report of a database. */
export const registerReport: RegisterCommand = (
  program: Command,
  context: CliContext,
) => {
  program
    .command('report')
    .description('Write the HTML report of everything stored in the database.')
    .option('--db <path>', 'SQLite database (default: $HOTLINE_DB or ./hotline.db)')
    .option('--out <path>', `HTML report path (default: ./${defaultReportPath})`)
    .option('--json', 'also print the report facts as one JSON object')
    .action(async (flags: ReportFlags) => {
      const database = resolveDatabasePath(flags.db, context.env);
      if (!/^postgres(?:ql)?:/i.test(database) && !existsSync(database)) {
        throw new InvalidArgumentError({
          parameter: '--db',
          value: database,
          message:
            `database "${database}" was not found. Run \`hotline run FILE\` ` +
            'first, or pass --db with the path of an existing database.',
        });
      }
      const store = await openStore(database);
      try {
        const written = await writeReport(
          store.db,
          flags.out ?? defaultReportPath,
          {
            generatedAt: new Date(),
            flag: '--out',
            extraSections: await renderStoreSections(store),
          },
        );
        if (flags.json === true) {
          const agreement = computeAgreement(written.facts.categoryPairs);
          context.stdout.write(
            `${JSON.stringify({ reportPath: written.path, ...written.facts, agreement })}\n`,
          );
        } else {
          context.stdout.write(
            `report of ${written.facts.totals.appeals} appeals: ${written.path}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
};
