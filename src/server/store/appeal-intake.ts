import { appealFromFields } from '../../appeal/normalize.ts';
import type { Appeal } from '../../appeal/appeal.ts';
import { ConflictError, InvalidArgumentError } from '../../errors/index.ts';
import {
  findNearDuplicates,
  nearDuplicateIndexOf,
  type NearDuplicate,
} from '../../hotspot/near-duplicates.ts';
import type { TriageResult } from '../../triage/triage-result.ts';
import type { Actor } from '../auth/roles.ts';
import type { ServerContext } from '../server-context.ts';
import { writeAudit } from './audit-log.ts';
import { toLocalIso } from './due-time.ts';
import {
  findAppealIdByHash,
  insertTriagedAppeal,
} from './insert-triaged-appeal.ts';

/** Fields of one appeal posted to the API, before masking. */
export interface AppealInput {
  title?: string | undefined;
  body: string;
  receivedAt?: string | undefined;
  caller?: string | undefined;
  externalId?: string | undefined;
}

/** A masked appeal with its triage, ready to store. */
export interface PreparedAppeal {
  appeal: Appeal;
  triage: TriageResult;
}

/** Near-duplicates returned with a new or previewed appeal. */
const nearDuplicateLimit = 5;

/**
 * Masks and triages one posted appeal. A missing receipt time becomes
 * the server's local time.
 *
 * @throws InvalidArgumentError for an empty or oversized body or an
 * unparseable receipt time.
 */
export function prepareAppeal(
  context: ServerContext,
  input: AppealInput,
  actor: Actor,
): PreparedAppeal {
  const result = appealFromFields(
    {
      title: input.title ?? '',
      body: input.body,
      receivedAt: input.receivedAt ?? null,
      caller: input.caller ?? null,
      externalId: input.externalId ?? null,
    },
    { kind: 'api', name: actor.name, row: 0 },
  );
  if (!result.success) {
    throw new InvalidArgumentError({
      parameter: 'body',
      value: `${input.body.length} characters`,
      message: `body is invalid: ${result.reject.reason}. Send the appeal text in body.`,
    });
  }
  const appeal = result.appeal;
  if (input.receivedAt !== undefined && appeal.receivedAt === null) {
    throw new InvalidArgumentError({
      parameter: 'receivedAt',
      value: input.receivedAt,
      message:
        `receivedAt "${input.receivedAt}" is not a time. Send an ISO 8601 ` +
        'local time such as 2024-05-01T09:30:00, or leave it out.',
    });
  }
  if (appeal.receivedAt === null) {
    appeal.receivedAt = toLocalIso(context.now());
  }
  const triage = context.pipeline.triage({
    title: appeal.title,
    body: appeal.body,
    receivedAt: appeal.receivedAt,
  });
  return { appeal, triage };
}

/** Finds stored appeals that repeat a masked appeal's text. */
export async function nearDuplicatesOf(
  context: ServerContext,
  title: string,
  body: string,
): Promise<NearDuplicate[]> {
  return findNearDuplicates(context.store, `${title}\n${body}`, {
    limit: nearDuplicateLimit,
  });
}

/**
 * Stores one prepared appeal with its triage and an audit entry in one
 * transaction, then adds it to the near-duplicate index.
 *
 * @throws ConflictError when the same text is already stored.
 */
export async function storeAppeal(
  context: ServerContext,
  prepared: PreparedAppeal,
  actor: Actor,
): Promise<number> {
  const stored = await storeAppeals(context, [prepared], actor);
  const first = stored[0];
  if (first === undefined || first.duplicateOf !== null) {
    const existing = first?.duplicateOf ?? 0;
    throw new ConflictError({
      resource: 'appeal',
      current: `stored as ${existing}`,
      message:
        `an appeal with the same title and body is already stored as ` +
        `appeal ${existing}. Open GET /api/appeals/${existing} instead.`,
    });
  }
  return first.id;
}

/** Outcome of one appeal of `storeAppeals`. */
export interface StoredOutcome {
  /** New id; 0 when the appeal was a duplicate. */
  id: number;
  /** Id of the stored appeal with the same text, or null. */
  duplicateOf: number | null;
}

/**
 * Stores prepared appeals in one transaction: every one or none. Appeals
 * whose text is already stored are reported as duplicates.
 */
export async function storeAppeals(
  context: ServerContext,
  prepared: readonly PreparedAppeal[],
  actor: Actor,
): Promise<StoredOutcome[]> {
  const now = context.now();
  const createdAt = now.toISOString();
  const outcomes = await context.db.transaction().execute(async (trx) => {
    const results: StoredOutcome[] = [];
    for (const item of prepared) {
      const id = await insertTriagedAppeal(trx, item.appeal, item.triage, createdAt);
      if (id === null) {
        const existing = await findAppealIdByHash(trx, item.appeal.contentHash);
        results.push({ id: 0, duplicateOf: existing });
        continue;
      }
      results.push({ id, duplicateOf: null });
      await writeAudit(
        trx,
        {
          actor: actor.name,
          action: 'appeal.create',
          target: `appeal:${id}`,
          details: { category: item.triage.category },
        },
        now,
      );
    }
    return results;
  });
  const index = await nearDuplicateIndexOf(context.store);
  for (const [position, outcome] of outcomes.entries()) {
    const item = prepared[position];
    if (outcome.duplicateOf !== null || item === undefined) continue;
    context.metrics.triaged.inc({ category: item.triage.category });
    await index.addAppeal(
      context.store,
      outcome.id,
      `${item.appeal.title}\n${item.appeal.body}`,
    );
  }
  return outcomes;
}
