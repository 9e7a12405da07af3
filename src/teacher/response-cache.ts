import type { Kysely } from 'kysely';
import type { LabelingDatabase } from '../labeling/labeling-tables.ts';

/** One cached endpoint reply. */
export interface CachedResponse {
  /** The endpoint's JSON reply. */
  response: unknown;
  promptTokens: number;
  completionTokens: number;
}

/** Where the teacher client keeps replies keyed by model + request hash. */
export interface ResponseCache {
  get(key: string): Promise<CachedResponse | null>;
  put(
    key: string,
    entry: CachedResponse & { model: string; promptHash: string },
  ): Promise<void>;
}

/** Cache held in memory, for tests and one-off runs. */
export class MemoryResponseCache implements ResponseCache {
  readonly entries = new Map<string, CachedResponse>();

  get(key: string): Promise<CachedResponse | null> {
    return Promise.resolve(this.entries.get(key) ?? null);
  }

  put(key: string, entry: CachedResponse): Promise<void> {
    this.entries.set(key, {
      response: entry.response,
      promptTokens: entry.promptTokens,
      completionTokens: entry.completionTokens,
    });
    return Promise.resolve();
  }
}

/** Cache in the `teacher_responses` table, so a re-run costs nothing. */
export class DatabaseResponseCache implements ResponseCache {
  constructor(
    private readonly db: Kysely<LabelingDatabase>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(key: string): Promise<CachedResponse | null> {
    const row = await this.db
      .selectFrom('teacher_responses')
      .select(['response', 'prompt_tokens', 'completion_tokens'])
      .where('cache_key', '=', key)
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      response: JSON.parse(row.response) as unknown,
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
    };
  }

  async put(
    key: string,
    entry: CachedResponse & { model: string; promptHash: string },
  ): Promise<void> {
    await this.db
      .insertInto('teacher_responses')
      .values({
        cache_key: key,
        model: entry.model,
        prompt_hash: entry.promptHash,
        response: JSON.stringify(entry.response),
        prompt_tokens: entry.promptTokens,
        completion_tokens: entry.completionTokens,
        created_at: this.now().toISOString(),
      })
      .onConflict((conflict) => conflict.column('cache_key').doNothing())
      .execute();
  }
}
