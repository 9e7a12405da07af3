import type { Command } from 'commander';
import type { CliContext } from '../command.ts';
import { openStore, resolveDatabasePath } from '../../store/database.ts';
import {
  answerQuestion,
  chatConfigFromEnv,
  createChatClient,
  createEmbeddingClient,
  embeddingsConfigFromEnv,
  loadSynonyms,
  type AnswerResult,
} from '../../kb/index.ts';
import { InvalidArgumentError } from '../../errors/index.ts';
import { synonymFiles } from './kb.ts';

/**
 * Registers `ask`: answers a citizen's question from the knowledge base,
 * with a chat model when HOTLINE_LLM_URL and HOTLINE_LLM_MODEL are set.
 * Exit status 0 when answered, 3 when handed over or not covered.
 */
export function registerAsk(program: Command, context: CliContext): void {
  program
    .command('ask')
    .description('Answer a question from the knowledge base, with citations.')
    .argument('<question>', "the citizen's question")
    .option('--db <path>', 'database file (default: HOTLINE_DB or hotline.db)')
    .option('--synonyms <file>', 'extra synonym file (one group a line)')
    .option('--law <title>', 'search only documents whose title contains this')
    .option('--on <date>', 'search only documents in force on YYYY-MM-DD')
    .option('--json', 'print JSON')
    .action(
      async (
        question: string,
        options: { db?: string; synonyms?: string; law?: string; on?: string; json?: boolean },
      ) => {
        if (options.on !== undefined && !/^\d{4}-\d{2}-\d{2}$/u.test(options.on)) {
          throw new InvalidArgumentError({
            parameter: '--on',
            value: options.on,
            message: `--on "${options.on}" is not a date. Write it as YYYY-MM-DD.`,
          });
        }
        const store = await openStore(resolveDatabasePath(options.db));
        try {
          const chatConfig = chatConfigFromEnv(context.env);
          const embeddingsConfig = embeddingsConfigFromEnv(context.env);
          const result = await answerQuestion(store, question, {
            synonyms: loadSynonyms(synonymFiles(options.synonyms, context.env)),
            chat: chatConfig === null ? null : createChatClient(chatConfig),
            embeddings:
              embeddingsConfig === null ? null : createEmbeddingClient(embeddingsConfig),
            filters: {
              ...(options.law !== undefined ? { documentTitle: options.law } : {}),
              ...(options.on !== undefined ? { effectiveOn: options.on } : {}),
            },
          });
          context.stdout.write(
            options.json ? `${JSON.stringify(toJson(result), null, 2)}\n` : toText(result),
          );
          if (result.status !== 'answered') context.exitCode = 3;
        } finally {
          await store.close();
        }
      },
    );
}

function toJson(result: AnswerResult): unknown {
  return {
    status: result.status,
    mode: result.mode,
    answer: result.answer,
    citations: result.citations,
    sentences: result.sentences,
    reasons: result.reasons,
  };
}

function toText(result: AnswerResult): string {
  const lines = [`[${result.status}]`];
  if (result.answer !== null) lines.push(result.answer);
  for (const citation of result.citations) {
    lines.push(
      `[${citation.marker}] ${citation.documentTitle}${citation.article ?? ''} ` +
        `(support ${citation.supportScore.toFixed(2)})`,
    );
  }
  for (const reason of result.reasons) lines.push(`- ${reason}`);
  return `${lines.join('\n')}\n`;
}
