import {
  storeNearDuplicateLinks,
  type NearDuplicateLinkInput,
} from '../hotspot/near-duplicate-links.ts';
import type { NearDuplicateIndex } from '../hotspot/near-duplicate-index.ts';
import {
  findNearDuplicates,
  nearDuplicateIndexOf,
} from '../hotspot/near-duplicates.ts';
import type { TriagedAppeal } from '../store/appeal-repository.ts';
import type { Store } from '../store/database.ts';

/** The near-duplicate step of a run, called after each committed batch. */
export interface NearDuplicateStep {
  /**
   * Signs and indexes the appeals a batch inserted and stores links to
   * near-duplicates among all indexed appeals. Returns how many of the
   * appeals have at least one near-duplicate.
   */
  record(runId: number, inserted: readonly TriagedAppeal[]): Promise<number>;
}

/** Options of `NearDuplicateRecorder.open`. */
export interface NearDuplicateRecorderOptions {
  /** Minimum exact Jaccard similarity; the hotspot module's default. */
  threshold?: number;
  /** Clock for `created_at`. */
  clock?: () => Date;
}

// Content hashes per id lookup; one bound value each.
const lookupChunk = 500;

/**
 * LSH candidates checked exactly per new appeal, and links stored per
 * appeal. Appeals sent from one template can match thousands of stored
 * ones, and checking each costs a row read and a shingle set, so a run
 * records the closest few and the hotspot clusters show the rest.
 */
const maxCandidates = 10;
const maxLinks = 5;

/**
 * Index entries visited per LSH band and appeal, newest first. With 32
 * bands this bounds a lookup to 256 chain steps however many stored
 * appeals share a template. NOTE: a repeat of an appeal that more than
 * this many newer look-alikes follow may go unlinked.
 */
const bandScanLimit = 8;

/**
 * Records near-duplicates while `hotline run` stores appeals. Each new
 * appeal is signed once. The signature queries the store's shared
 * near-duplicate index (`nearDuplicateIndexOf`) and then joins it at once,
 * so later appeals of the same batch find it. It is stored with the
 * batch's other signatures.
 *
 * A link always points from the later appeal to the earlier one by
 * receive time, whichever of the two the run stored first, so a file that
 * is not sorted by time still gets every link. Appeals without a receive
 * time count as later than those with one.
 */
export class NearDuplicateRecorder implements NearDuplicateStep {
  readonly #store: Store;
  readonly #index: NearDuplicateIndex;
  readonly #threshold: number | undefined;
  readonly #clock: () => Date;

  private constructor(
    store: Store,
    index: NearDuplicateIndex,
    options: NearDuplicateRecorderOptions,
  ) {
    this.#store = store;
    this.#index = index;
    this.#threshold = options.threshold;
    this.#clock = options.clock ?? (() => new Date());
  }

  /**
   * Loads (or reuses) the store's near-duplicate index, which signs any
   * stored appeal that has no signature yet.
   */
  static async open(
    store: Store,
    options: NearDuplicateRecorderOptions = {},
  ): Promise<NearDuplicateRecorder> {
    const index = await nearDuplicateIndexOf(store);
    return new NearDuplicateRecorder(store, index, options);
  }

  async record(
    runId: number,
    inserted: readonly TriagedAppeal[],
  ): Promise<number> {
    if (inserted.length === 0) return 0;
    const ids = await this.#idsOf(inserted);
    const signatures: { id: number; signature: Uint32Array }[] = [];
    const links: NearDuplicateLinkInput[] = [];
    let withDuplicates = 0;
    for (const { appeal } of inserted) {
      const id = ids.get(appeal.contentHash);
      if (id === undefined) continue;
      const text = `${appeal.title}\n${appeal.body}`;
      const signature = this.#index.hasher.signText(text);
      const matches = await findNearDuplicates(this.#store, text, {
        index: this.#index,
        signature,
        excludeIds: [id],
        maxCandidates,
        bandScanLimit,
        limit: maxLinks,
        ...(this.#threshold === undefined ? {} : { threshold: this.#threshold }),
      });
      if (matches.length > 0) withDuplicates += 1;
      for (const match of matches) {
        const later = isLater(appeal.receivedAt, match.receivedAt);
        links.push({
          appealId: later ? id : match.appealId,
          duplicateOf: later ? match.appealId : id,
          similarity: match.similarity,
        });
      }
      this.#index.index.add(id, signature);
      signatures.push({ id, signature });
    }
    await this.#index.addSignatures(this.#store, signatures);
    await storeNearDuplicateLinks(this.#store, links, {
      runId,
      createdAt: this.#clock().toISOString(),
    });
    return withDuplicates;
  }

  async #idsOf(
    inserted: readonly TriagedAppeal[],
  ): Promise<Map<string, number>> {
    const hashes = inserted.map((item) => item.appeal.contentHash);
    const ids = new Map<string, number>();
    for (let start = 0; start < hashes.length; start += lookupChunk) {
      const rows = await this.#store.db
        .selectFrom('appeals')
        .select(['id', 'content_hash'])
        .where('content_hash', 'in', hashes.slice(start, start + lookupChunk))
        .execute();
      for (const row of rows) ids.set(row.content_hash, row.id);
    }
    return ids;
  }
}

/**
 * True when an appeal received at `time` counts as later than one
 * received at `other`: on or after it, or with no time when the other has
 * one. Two appeals without a time count the one being stored as later.
 */
function isLater(time: string | null, other: string | null): boolean {
  if (time === null) return true;
  if (other === null) return false;
  return time >= other;
}
