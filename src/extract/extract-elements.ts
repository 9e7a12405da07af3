import { toSimplified } from '../text/simplified.ts';
import type {
  Elements,
  LocationElement,
  TextSpan,
  TimeElement,
} from '../triage/triage-result.ts';
import { extractAddressElements } from './address.ts';
import { classifyAppealType } from './appeal-type.ts';
import { defaultHomeProvinceCode, matchDivisions } from './divisions.ts';
import { extractTimes } from './time.ts';

/** Options of {@link extractElements}. */
export interface ExtractOptions {
  /** Reference instant for relative times; pass the appeal's receipt time.
   *  Defaults to the current time. */
  now?: Date;
  /** See {@link defaultHomeProvinceCode}; null turns the preference off. */
  homeProvinceCode?: string | null;
}

/**
 * Extracts the elements of an appeal (工单要素): the division the title and
 * body together support best, address spans, times and the appeal type.
 * Every span carries `field` and offsets into that field.
 */
export function extractElements(
  title: string,
  body: string,
  options: ExtractOptions = {},
): Elements {
  const now = options.now ?? new Date();
  const homeProvinceCode =
    options.homeProvinceCode === undefined
      ? defaultHomeProvinceCode
      : options.homeProvinceCode;
  // A newline keeps a name ending the title apart from one starting the
  // body. Body offsets in the joined text are shifted by title.length + 1.
  const joined = title + '\n' + body;
  const divisions = matchDivisions(joined, { homeProvinceCode });

  // Elements are built in place rather than copied with spreads, which
  // cost a quarter of this function. Keys keep the order the copies had,
  // so the stored JSON does not change.
  const locations: LocationElement[] = [];
  for (const span of divisions.mentions) {
    const inTitle = span.start < title.length;
    const shift = inTitle ? 0 : title.length + 1;
    locations.push({
      text: span.text,
      start: span.start - shift,
      end: span.end - shift,
      field: inTitle ? 'title' : 'body',
      kind: 'division',
    });
  }
  appendInField(locations, extractAddressElements(title), 'title');
  appendInField(locations, extractAddressElements(body), 'body');
  const times: TimeElement[] = [];
  appendInField(times, extractTimes(title, { now }), 'title');
  appendInField(times, extractTimes(body, { now }), 'body');
  // Cue phrases are Simplified, and the type keeps no offsets, so
  // Traditional text is folded whole (請問 → 请问).
  const appealType = classifyAppealType(toSimplified(title), toSimplified(body));
  return {
    locations,
    division: divisions.division,
    times,
    appealType: appealType.type,
    appealTypeReason: appealType.reason,
  };
}

/**
 * Sets `field` on elements that an extractor has just created for one
 * field, and appends them to `target`.
 */
function appendInField<Element extends TextSpan>(
  target: Element[],
  elements: Element[],
  field: 'title' | 'body',
): void {
  for (const element of elements) {
    element.field = field;
    target.push(element);
  }
}
