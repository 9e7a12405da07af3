import type { Command } from 'commander';
import type { CliContext } from '../command.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import {
  createEmbeddingClient,
  embeddingsConfigFromEnv,
  importDocuments,
  listDocuments,
  loadSynonyms,
} from '../../kb/index.ts';
import { evaluateKnowledgeBase } from '../../kb/evaluate.ts';

/** Extra synonym files: the flag, else HOTLINE_KB_SYNONYMS. */
export function synonymFiles(flag: string | undefined, env: NodeJS.ProcessEnv): string[] {
  const file = flag ?? env['HOTLINE_KB_SYNONYMS'];
  return file === undefined || file === '' ? [] : [file];
}

/**
 * Registers `kb add`, `kb list` and `kb eval`. Re-running `kb add` on a
 * folder mirrors it: changed files are re-read and files gone from the
 * folder are removed from the knowledge base.
 */
export function registerKb(program: Command, context: CliContext): void {
  const kb = program
    .command('kb')
    .description('Manage the knowledge base of laws and policies.');

  kb.command('add')
    .description(
      'Import Markdown, text, HTML, DOCX and PDF files or folders (walked ' +
        'recursively). Changed files are updated; files missing from an ' +
        'imported folder are removed.',
    )
    .argument('<paths...>', 'files or folders to import')
    .option('--db <path>', 'database file (default: HOTLINE_DB or hotline.db)')
    .action(async (paths: string[], options: { db?: string }) => {
      const store = await openStore(resolveDatabasePath(options.db));
      try {
        const config = embeddingsConfigFromEnv(context.env);
        const report = await importDocuments(store, paths, {
          embeddings: config === null ? null : createEmbeddingClient(config),
        });
        context.stdout.write(
          `added ${report.added}, updated ${report.updated}, unchanged ` +
            `${report.unchanged}, removed ${report.removed} documents; ` +
            `${report.passages} passages written\n`,
        );
        for (const file of report.skipped) {
          context.stderr.write(`hotline: skipped ${file}: unsupported extension\n`);
        }
      } finally {
        await store.close();
      }
    });

  kb.command('list')
    .description('List imported documents with their passage counts.')
    .option('--db <path>', 'database file (default: HOTLINE_DB or hotline.db)')
    .option('--json', 'print JSON')
    .action(async (options: { db?: string; json?: boolean }) => {
      const store = await openStore(resolveDatabasePath(options.db));
      try {
        const documents = listDocuments(store);
        if (options.json) {
          context.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
          return;
        }
        for (const document of documents) {
          context.stdout.write(
            `${document.title}\t${document.passageCount}\t` +
              `${document.effectiveDate ?? '-'}\t${document.sourcePath}\n`,
          );
        }
        context.stdout.write(`${documents.length} documents\n`);
      } finally {
        await store.close();
      }
    });

  kb.command('eval')
    .description(
      'Measure recall@1, recall@5 and MRR on generated and hand-written ' +
        'questions (generated, hand-written test, development), and the ' +
        'refusal rate on unanswerable ones.',
    )
    .option('--db <path>', 'database file (default: HOTLINE_DB or hotline.db)')
    .option('--synonyms <file>', 'extra synonym file (one group a line)')
    .option('--seed <n>', 'seed of the generated questions', '12345')
    .option('--json', 'print JSON')
    .action(
      async (options: { db?: string; synonyms?: string; seed: string; json?: boolean }) => {
        const store = await openStore(resolveDatabasePath(options.db));
        try {
          const report = await evaluateKnowledgeBase(store, {
            synonyms: loadSynonyms(synonymFiles(options.synonyms, context.env)),
            seed: Number(options.seed),
          });
          if (options.json) {
            context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
            return;
          }
          const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
          context.stdout.write('set\tquestions\trecall@1\trecall@5\tMRR\tfalse refusals\n');
          for (const set of report.sets) {
            context.stdout.write(
              `${set.name}\t${set.questions}\t${percent(set.recallAt1)}\t` +
                `${percent(set.recallAt5)}\t${set.mrr.toFixed(3)}\t` +
                `${percent(set.falseRefusalRate)}\n`,
            );
          }
          for (const set of report.unanswerable) {
            context.stdout.write(
              `${set.name}\t${set.questions}\trefused ` +
                `${percent(set.refusalRate)}\n`,
            );
          }
        } finally {
          await store.close();
        }
      },
    );
}
