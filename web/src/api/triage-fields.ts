import type { CorrectionField, TriageResult } from './types.ts';

/** The four fields an agent can correct, as plain strings. */
export type FieldValues = Record<CorrectionField, string>;

/** Kinds of location that name a place more precisely than a division. */
const addressKinds = new Set([
  'road',
  'community',
  'estate',
  'building',
  'landmark',
]);

/**
 * Returns the address shown for an appeal: the recognised locations that
 * are more precise than a division, in text order and without repeats,
 * joined by 、. Falls back to every location when none is more precise.
 */
export function addressOf(triage: TriageResult): string {
  const locations = triage.elements.locations;
  const precise = locations.filter((place) => addressKinds.has(place.kind));
  const chosen = precise.length > 0 ? precise : locations;
  const names: string[] = [];
  for (const place of chosen) {
    if (!names.includes(place.text)) names.push(place.text);
  }
  return names.join('、');
}

/** Returns the division path with the town, e.g. 湖南省 / 长沙市 / 岳麓区. */
export function divisionOf(triage: TriageResult): string {
  const division = triage.elements.division;
  if (division === null) return '';
  const parts = [...division.path];
  if (division.town !== undefined) parts.push(division.town.name);
  return parts.join(' / ');
}

/** Returns the correctable fields as triage filled them in. */
export function fieldValuesOf(triage: TriageResult): FieldValues {
  return {
    category: triage.category,
    appealType: triage.elements.appealType,
    location: addressOf(triage),
    department: triage.departments[0]?.department ?? '',
  };
}

/**
 * Lists the fields whose agent value differs from what triage of the
 * stored appeal decided, so only real corrections are sent. A field the
 * agent left empty is not a correction.
 */
export function changedFields(
  agent: FieldValues,
  stored: FieldValues,
): { field: CorrectionField; value: string }[] {
  const fields: CorrectionField[] = [
    'category',
    'appealType',
    'location',
    'department',
  ];
  const changes: { field: CorrectionField; value: string }[] = [];
  for (const field of fields) {
    const value = agent[field].trim();
    if (value === '' || value === stored[field]) continue;
    changes.push({ field, value });
  }
  return changes;
}
