import { sql, type Kysely } from 'kysely';
import type { CoreDatabase } from './schema.ts';

/** A label and how many appeals carry it. */
export interface LabelCount {
  label: string;
  count: number;
}

/** How often a recorded category met a predicted one. */
export interface CategoryPairCount {
  recorded: string;
  predicted: string;
  count: number;
}

/** A triaged appeal the model was unsure about; text is already masked. */
export interface LowConfidenceExample {
  appealId: number;
  title: string;
  body: string;
  receivedAt: string | null;
  category: string;
  confidence: number;
  recordedCategory: string | null;
}

/** Everything the report shows, read from the store in one pass. */
export interface ReportFacts {
  totals: {
    appeals: number;
    triaged: number;
    /** Appeals without a parsable receive time. */
    withoutTime: number;
    firstReceivedAt: string | null;
    lastReceivedAt: string | null;
    runs: number;
  };
  categories: LabelCount[];
  departments: LabelCount[];
  appealTypes: LabelCount[];
  /** Appeals per day (YYYY-MM-DD), oldest first. */
  volumeByDay: LabelCount[];
  divisions: LabelCount[];
  locations: LabelCount[];
  lowConfidence: LowConfidenceExample[];
  /** Pairs over appeals that carry a recorded category. */
  categoryPairs: CategoryPairCount[];
  rejects: {
    /** Rejected records (row > 0). */
    rows: number;
    /** Files that could not be read at all (row 0). */
    files: number;
    byReason: LabelCount[];
    byFile: LabelCount[];
  };
  modelVersions: string[];
}

/** Limits of the ranked lists in the report. */
export interface ReportQueryOptions {
  /** Rows of each top list (divisions, locations, reasons). */
  top?: number;
  /** Low-confidence examples to show. */
  examples?: number;
}

/**
 * Reads the report's facts. Counting happens in SQL except for locations,
 * which live inside the `elements` JSON and are counted while streaming.
 */
export async function queryReportFacts(
  db: Kysely<CoreDatabase>,
  options: ReportQueryOptions = {},
): Promise<ReportFacts> {
  const top = options.top ?? 15;
  const examples = options.examples ?? 20;
  return {
    totals: await queryTotals(db),
    categories: await countTriageColumn(db, 'category'),
    departments: await countTriageColumn(db, 'department'),
    appealTypes: await countTriageColumn(db, 'appeal_type'),
    volumeByDay: await queryVolumeByDay(db),
    divisions: await queryDivisions(db, top),
    locations: await queryLocations(db, top),
    lowConfidence: await queryLowConfidence(db, examples),
    categoryPairs: await queryCategoryPairs(db),
    rejects: await queryRejects(db, top),
    modelVersions: await queryModelVersions(db),
  };
}

async function queryTotals(
  db: Kysely<CoreDatabase>,
): Promise<ReportFacts['totals']> {
  const appeals = await db
    .selectFrom('appeals')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('received_at').as('timed'),
      eb.fn.min('received_at').as('first'),
      eb.fn.max('received_at').as('last'),
    ])
    .executeTakeFirstOrThrow();
  const triaged = await db
    .selectFrom('triage_results')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const runs = await db
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  return {
    appeals: Number(appeals.total),
    triaged: Number(triaged.total),
    withoutTime: Number(appeals.total) - Number(appeals.timed),
    firstReceivedAt: appeals.first ?? null,
    lastReceivedAt: appeals.last ?? null,
    runs: Number(runs.total),
  };
}

async function countTriageColumn(
  db: Kysely<CoreDatabase>,
  column: 'category' | 'department' | 'appeal_type',
): Promise<LabelCount[]> {
  const rows = await db
    .selectFrom('triage_results')
    .select((eb) => [eb.ref(column).as('label'), eb.fn.countAll<number>().as('n')])
    .where(column, 'is not', null)
    .groupBy(column)
    .orderBy('n', 'desc')
    .orderBy(column)
    .execute();
  return rows.map((row) => ({ label: String(row.label), count: Number(row.n) }));
}

async function queryVolumeByDay(
  db: Kysely<CoreDatabase>,
): Promise<LabelCount[]> {
  const day = sql<string>`substr(received_at, 1, 10)`;
  const rows = await db
    .selectFrom('appeals')
    .select((eb) => [day.as('day'), eb.fn.countAll<number>().as('n')])
    .where('received_at', 'is not', null)
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((row) => ({ label: row.day, count: Number(row.n) }));
}

async function queryDivisions(
  db: Kysely<CoreDatabase>,
  top: number,
): Promise<LabelCount[]> {
  const rows = await db
    .selectFrom('triage_results')
    .select((eb) => ['division_path', eb.fn.countAll<number>().as('n')])
    .where('division_path', 'is not', null)
    .groupBy('division_path')
    .orderBy('n', 'desc')
    .orderBy('division_path')
    .limit(top)
    .execute();
  return rows.map((row) => ({
    label: divisionLabel(row.division_path ?? '[]'),
    count: Number(row.n),
  }));
}

function divisionLabel(pathJson: string): string {
  try {
    const path: unknown = JSON.parse(pathJson);
    if (Array.isArray(path)) return path.map(String).join('');
  } catch {
    // Fall through: show the stored text as it is.
  }
  return pathJson;
}

async function queryLocations(
  db: Kysely<CoreDatabase>,
  top: number,
): Promise<LabelCount[]> {
  const counts = new Map<string, number>();
  // NOTE: streaming needs pg-cursor on PostgreSQL; SQLite iterates natively.
  const stream = db
    .selectFrom('triage_results')
    .select('elements')
    .stream(1000);
  for await (const row of stream) {
    for (const text of locationTexts(row.elements)) {
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .slice(0, top);
}

/** Distinct non-division location texts of one elements JSON value. */
function locationTexts(elementsJson: string): Set<string> {
  const texts = new Set<string>();
  let elements: unknown;
  try {
    elements = JSON.parse(elementsJson);
  } catch {
    return texts;
  }
  const locations = (elements as { locations?: unknown }).locations;
  if (!Array.isArray(locations)) return texts;
  for (const location of locations) {
    const { text, kind } = location as { text?: unknown; kind?: unknown };
    if (typeof text === 'string' && text !== '' && kind !== 'division') {
      texts.add(text);
    }
  }
  return texts;
}

async function queryLowConfidence(
  db: Kysely<CoreDatabase>,
  limit: number,
): Promise<LowConfidenceExample[]> {
  const rows = await db
    .selectFrom('triage_results')
    .innerJoin('appeals', 'appeals.id', 'triage_results.appeal_id')
    .select([
      'appeals.id',
      'appeals.title',
      'appeals.body',
      'appeals.received_at',
      'appeals.recorded_category',
      'triage_results.category',
      'triage_results.confidence',
    ])
    .orderBy('triage_results.confidence')
    .orderBy('appeals.id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    appealId: row.id,
    title: row.title,
    body: row.body,
    receivedAt: row.received_at,
    category: row.category,
    confidence: Number(row.confidence),
    recordedCategory: row.recorded_category,
  }));
}

async function queryCategoryPairs(
  db: Kysely<CoreDatabase>,
): Promise<CategoryPairCount[]> {
  const rows = await db
    .selectFrom('triage_results')
    .innerJoin('appeals', 'appeals.id', 'triage_results.appeal_id')
    .select((eb) => [
      'appeals.recorded_category',
      'triage_results.category',
      eb.fn.countAll<number>().as('n'),
    ])
    .where('appeals.recorded_category', 'is not', null)
    .where('appeals.recorded_category', '!=', '')
    .groupBy(['appeals.recorded_category', 'triage_results.category'])
    .execute();
  return rows.map((row) => ({
    recorded: row.recorded_category ?? '',
    predicted: row.category,
    count: Number(row.n),
  }));
}

async function queryRejects(
  db: Kysely<CoreDatabase>,
  top: number,
): Promise<ReportFacts['rejects']> {
  const totals = await db
    .selectFrom('rejects')
    .select((eb) => [
      eb.fn
        .sum<number>(eb.case().when('row', '>', 0).then(1).else(0).end())
        .as('rows'),
      eb.fn
        .sum<number>(eb.case().when('row', '=', 0).then(1).else(0).end())
        .as('files'),
    ])
    .executeTakeFirstOrThrow();
  const byReason = await db
    .selectFrom('rejects')
    .select((eb) => ['reason', eb.fn.countAll<number>().as('n')])
    .groupBy('reason')
    .orderBy('n', 'desc')
    .orderBy('reason')
    .limit(top)
    .execute();
  const byFile = await db
    .selectFrom('rejects')
    .select((eb) => ['file', eb.fn.countAll<number>().as('n')])
    .groupBy('file')
    .orderBy('n', 'desc')
    .orderBy('file')
    .limit(top)
    .execute();
  return {
    rows: Number(totals.rows ?? 0),
    files: Number(totals.files ?? 0),
    byReason: byReason.map((row) => ({ label: row.reason, count: Number(row.n) })),
    byFile: byFile.map((row) => ({ label: row.file, count: Number(row.n) })),
  };
}

async function queryModelVersions(db: Kysely<CoreDatabase>): Promise<string[]> {
  const rows = await db
    .selectFrom('triage_results')
    .select('model_version')
    .distinct()
    .orderBy('model_version')
    .execute();
  return rows.map((row) => row.model_version);
}
