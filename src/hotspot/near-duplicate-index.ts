import type { Store } from '../store/database.ts';
import type { Logger } from '../logger.ts';
import { noopLogger } from '../logger.ts';
import type { HotspotTables } from './hotspot-tables.ts';
import { LshIndex, type LshCandidate } from './lsh-index.ts';
import { MinHasher, defaultMinHashOptions } from './minhash.ts';
import { decodeSignature, encodeSignature } from './signature-codec.ts';

/** LSH bands; with 64 hashes that is 32 bands of 2 rows. */
export const defaultBandCount = 32;

/**
 * Minimum Jaccard similarity of 3-character shingle sets for two appeals
 * to count as near-duplicates. Chosen on a hand-checked set of reworded
 * repeats and same-category unrelated pairs (see docs/hotspots.md).
 */
export const defaultNearDuplicateThreshold = 0.2;

const loadBatchSize = 5000;

/** Construction options of a near-duplicate index. */
export interface NearDuplicateIndexOptions {
  hasher?: MinHasher;
  /** Entries to allocate for up front; the index doubles when full. */
  initialCapacity?: number;
  /** Clock for the stored signatures' `created_at`. */
  clock?: () => Date;
}

/**
 * MinHash signatures of stored appeals in a banded LSH index, kept in
 * memory for fast lookup. Build it once from the store with
 * `NearDuplicateIndex.load` (stored signatures are read, missing ones are
 * computed and stored), then call `addAppeal` for each new appeal.
 */
export class NearDuplicateIndex {
  readonly hasher: MinHasher;
  readonly index: LshIndex;
  private readonly clock: () => Date;

  constructor(options: NearDuplicateIndexOptions = {}) {
    const hasher = options.hasher ?? new MinHasher(defaultMinHashOptions);
    const initialCapacity = options.initialCapacity ?? 1024;
    this.hasher = hasher;
    this.clock = options.clock ?? (() => new Date());
    this.index = new LshIndex({
      hashCount: hasher.options.hashCount,
      bands: defaultBandCount,
      initialCapacity,
    });
  }

  /**
   * Builds the index from every stored appeal. Signatures of another
   * scheme or missing ones are computed from title and body and stored.
   */
  static async load(
    store: Store,
    options: NearDuplicateIndexOptions & { logger?: Logger } = {},
  ): Promise<NearDuplicateIndex> {
    const logger = options.logger ?? noopLogger;
    const db = store.db.withTables<HotspotTables>();
    const total = await db
      .selectFrom('appeals')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const result = new NearDuplicateIndex({
      ...options,
      initialCapacity: Number(total.count) + 1024,
    });
    const hasher = result.hasher;
    let afterId = 0;
    let computed = 0;
    for (;;) {
      const rows = await db
        .selectFrom('appeals')
        .leftJoin(
          'appeal_signatures',
          'appeal_signatures.appeal_id',
          'appeals.id',
        )
        .select([
          'appeals.id as id',
          'appeals.title as title',
          'appeals.body as body',
          'appeal_signatures.scheme as scheme',
          'appeal_signatures.signature as signature',
        ])
        .where('appeals.id', '>', afterId)
        .orderBy('appeals.id')
        .limit(loadBatchSize)
        .execute();
      if (rows.length === 0) break;
      const fresh: { id: number; signature: Uint32Array }[] = [];
      for (const row of rows) {
        let signature: Uint32Array;
        if (row.scheme === hasher.scheme && row.signature !== null) {
          signature = decodeSignature(row.signature, hasher.options.hashCount);
        } else {
          signature = hasher.signText(`${row.title}\n${row.body}`);
          fresh.push({ id: row.id, signature });
        }
        result.index.add(row.id, signature);
      }
      await result.storeSignatures(store, fresh);
      computed += fresh.length;
      afterId = rows[rows.length - 1]?.id ?? afterId;
    }
    logger.info(
      { appeals: result.index.size, computed, scheme: hasher.scheme },
      'near-duplicate index loaded',
    );
    return result;
  }

  /** Signs an appeal's text, stores the signature and indexes it. */
  async addAppeal(
    store: Store,
    appealId: number,
    text: string,
  ): Promise<Uint32Array> {
    const signature = this.hasher.signText(text);
    await this.storeSignatures(store, [{ id: appealId, signature }]);
    this.index.add(appealId, signature);
    return signature;
  }

  /**
   * Stores and indexes signatures that the caller computed with this
   * index's hasher, in one multi-row insert per 500 appeals. Entries that
   * are already indexed are only stored.
   */
  async addSignatures(
    store: Store,
    entries: readonly { id: number; signature: Uint32Array }[],
  ): Promise<void> {
    await this.storeSignatures(store, entries);
    for (const entry of entries) this.index.add(entry.id, entry.signature);
  }

  /** Returns indexed appeals whose estimated similarity reaches the bound. */
  query(text: string, minimumSimilarity: number, limit = 50): LshCandidate[] {
    return this.index.query(
      this.hasher.signText(text),
      minimumSimilarity,
      limit,
    );
  }

  private async storeSignatures(
    store: Store,
    rows: readonly { id: number; signature: Uint32Array }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const db = store.db.withTables<HotspotTables>();
    const now = this.clock().toISOString();
    const scheme = this.hasher.scheme;
    for (let start = 0; start < rows.length; start += 500) {
      const values = rows.slice(start, start + 500).map((row) => ({
        appeal_id: row.id,
        scheme,
        signature: encodeSignature(row.signature),
        created_at: now,
      }));
      await db
        .insertInto('appeal_signatures')
        .values(values)
        .onConflict((oc) =>
          oc.column('appeal_id').doUpdateSet((eb) => ({
            scheme: eb.ref('excluded.scheme'),
            signature: eb.ref('excluded.signature'),
            created_at: eb.ref('excluded.created_at'),
          })),
        )
        .execute();
    }
  }
}
