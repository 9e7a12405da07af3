import type { Kysely } from 'kysely';
import { InvalidArgumentError, NotFoundError } from '../errors/index.ts';
import type { Random } from '../model/random.ts';
import { cohenKappa, type KappaResult } from './cohen-kappa.ts';
import type { LabelingDatabase } from './labeling-tables.ts';

/** An appeal to put in the queue. */
export interface ReviewCandidate {
  /** External id of the appeal, or a hash of its text; unique in the queue. */
  key: string;
  text: string;
  suggestedLabel: string | null;
  uncertainty: number;
}

/** Queued appeal as returned to an expert. */
export interface ReviewItem {
  id: number;
  key: string;
  text: string;
  suggestedLabel: string | null;
  uncertainty: number;
  batch: number;
  reviewsNeeded: number;
  status: string;
}

/** Counts and agreement of the queue. */
export interface ReviewStats {
  items: number;
  pending: number;
  done: number;
  labels: number;
  skips: number;
  comments: number;
  perExpert: Record<string, number>;
  /** Cohen's kappa over double-reviewed items with two labels. */
  agreement: KappaResult;
}

/**
 * The expert review queue in the database. Each item needs one label, or
 * two from different experts when it falls in the double-review sample;
 * an expert who skips an item no longer gets it, but others still do.
 */
export class ReviewQueue {
  constructor(
    private readonly db: Kysely<LabelingDatabase>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Adds candidates as one batch; keys already in the queue are left
   * alone. A seeded share `doubleShare` of the new items needs two experts.
   * Returns how many items were added.
   */
  async enqueue(
    candidates: readonly ReviewCandidate[],
    options: { doubleShare: number; random: Random },
  ): Promise<{ added: number; batch: number }> {
    if (!(options.doubleShare >= 0 && options.doubleShare <= 1)) {
      throw new InvalidArgumentError({
        parameter: '--double-share',
        value: options.doubleShare,
        message:
          `--double-share is the share of items sent to two experts, in ` +
          `[0, 1]; got ${options.doubleShare}.`,
      });
    }
    const last = await this.db
      .selectFrom('review_items')
      .select((eb) => eb.fn.max('batch').as('batch'))
      .executeTakeFirst();
    const batch = Number(last?.batch ?? 0) + 1;
    const createdAt = this.now().toISOString();
    let added = 0;
    for (const candidate of candidates) {
      const result = await this.db
        .insertInto('review_items')
        .values({
          appeal_key: candidate.key,
          text: candidate.text,
          suggested_label: candidate.suggestedLabel,
          uncertainty: candidate.uncertainty,
          batch,
          reviews_needed: options.random() < options.doubleShare ? 2 : 1,
          created_at: createdAt,
        })
        .onConflict((conflict) => conflict.column('appeal_key').doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return { added, batch };
  }

  /**
   * Returns the next pending item for `expert`: the oldest batch first and
   * the most uncertain item in it, leaving out items the expert already
   * labelled or skipped. Returns null when nothing is left.
   */
  async next(expert: string): Promise<ReviewItem | null> {
    const row = await this.db
      .selectFrom('review_items as i')
      .selectAll('i')
      .where('i.status', '=', 'pending')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('review_labels as l')
              .select('l.item_id')
              .whereRef('l.item_id', '=', 'i.id')
              .where('l.expert', '=', expert),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('review_notes as n')
              .select('n.item_id')
              .whereRef('n.item_id', '=', 'i.id')
              .where('n.expert', '=', expert)
              .where('n.kind', '=', 'skip'),
          ),
        ),
      )
      .orderBy('i.batch')
      .orderBy('i.uncertainty', 'desc')
      .orderBy('i.id')
      .executeTakeFirst();
    return row === undefined ? null : toItem(row);
  }

  /**
   * Records `expert`'s label of an item (replacing their earlier label)
   * and marks the item done once it has the labels it needs.
   *
   * @throws NotFoundError when the item does not exist.
   */
  async label(itemId: number, label: string, expert: string): Promise<ReviewItem> {
    await this.item(itemId);
    const createdAt = this.now().toISOString();
    await this.db
      .insertInto('review_labels')
      .values({ item_id: itemId, expert, label, created_at: createdAt })
      .onConflict((conflict) =>
        conflict
          .columns(['item_id', 'expert'])
          .doUpdateSet({ label, created_at: createdAt }),
      )
      .execute();
    const count = await this.db
      .selectFrom('review_labels')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    const item = await this.item(itemId);
    if (Number(count.count) >= item.reviewsNeeded && item.status !== 'done') {
      await this.db
        .updateTable('review_items')
        .set({ status: 'done' })
        .where('id', '=', itemId)
        .execute();
      return { ...item, status: 'done' };
    }
    return item;
  }

  /**
   * Records that `expert` skips an item, with an optional reason.
   *
   * @throws NotFoundError when the item does not exist.
   */
  async skip(itemId: number, expert: string, reason: string | null): Promise<void> {
    await this.addNote(itemId, expert, 'skip', reason);
  }

  /**
   * Adds `expert`'s comment to an item.
   *
   * @throws NotFoundError when the item does not exist.
   */
  async comment(itemId: number, expert: string, text: string): Promise<void> {
    await this.addNote(itemId, expert, 'comment', text);
  }

  /** Returns the queue's counts and the experts' agreement. */
  async stats(): Promise<ReviewStats> {
    const items = await this.db
      .selectFrom('review_items')
      .select(['id', 'status', 'reviews_needed'])
      .execute();
    const labels = await this.db
      .selectFrom('review_labels')
      .select(['item_id', 'expert', 'label'])
      .orderBy('item_id')
      .orderBy('created_at')
      .orderBy('expert')
      .execute();
    const notes = await this.db
      .selectFrom('review_notes')
      .select(['kind'])
      .execute();
    const perExpert: Record<string, number> = {};
    const byItem = new Map<number, string[]>();
    for (const row of labels) {
      perExpert[row.expert] = (perExpert[row.expert] ?? 0) + 1;
      const list = byItem.get(row.item_id) ?? [];
      list.push(row.label);
      byItem.set(row.item_id, list);
    }
    const first: string[] = [];
    const second: string[] = [];
    for (const item of items) {
      const list = byItem.get(item.id);
      if (item.reviews_needed < 2 || list === undefined || list.length < 2) continue;
      first.push(list[0]!);
      second.push(list[1]!);
    }
    return {
      items: items.length,
      pending: items.filter((item) => item.status === 'pending').length,
      done: items.filter((item) => item.status === 'done').length,
      labels: labels.length,
      skips: notes.filter((note) => note.kind === 'skip').length,
      comments: notes.filter((note) => note.kind === 'comment').length,
      perExpert,
      agreement: cohenKappa(first, second),
    };
  }

  /**
   * Returns the finished items with their final label: the label when
   * one expert reviewed it, and the agreed label when two did. Items whose
   * two experts disagree are left out, as they need adjudication.
   */
  async reviewed(): Promise<Array<{ item: ReviewItem; label: string }>> {
    const rows = await this.db
      .selectFrom('review_items')
      .selectAll()
      .where('status', '=', 'done')
      .orderBy('id')
      .execute();
    const result: Array<{ item: ReviewItem; label: string }> = [];
    for (const row of rows) {
      const labels = await this.db
        .selectFrom('review_labels')
        .select('label')
        .where('item_id', '=', row.id)
        .execute();
      const distinct = new Set(labels.map((entry) => entry.label));
      if (distinct.size !== 1) continue;
      result.push({ item: toItem(row), label: [...distinct][0]! });
    }
    return result;
  }

  /**
   * Returns one item.
   *
   * @throws NotFoundError when the item does not exist.
   */
  async item(itemId: number): Promise<ReviewItem> {
    const row = await this.db
      .selectFrom('review_items')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (row === undefined) {
      throw new NotFoundError({
        resource: 'review item',
        id: String(itemId),
        message:
          `review item ${itemId} does not exist. Run "hotline review next" ` +
          'to get the id of a pending item.',
      });
    }
    return toItem(row);
  }

  private async addNote(
    itemId: number,
    expert: string,
    kind: 'skip' | 'comment',
    note: string | null,
  ): Promise<void> {
    await this.item(itemId);
    await this.db
      .insertInto('review_notes')
      .values({
        item_id: itemId,
        expert,
        kind,
        note,
        created_at: this.now().toISOString(),
      })
      .execute();
  }
}

function toItem(row: {
  id: number;
  appeal_key: string;
  text: string;
  suggested_label: string | null;
  uncertainty: number;
  batch: number;
  reviews_needed: number;
  status: string;
}): ReviewItem {
  return {
    id: row.id,
    key: row.appeal_key,
    text: row.text,
    suggestedLabel: row.suggested_label,
    uncertainty: row.uncertainty,
    batch: row.batch,
    reviewsNeeded: row.reviews_needed,
    status: row.status,
  };
}
