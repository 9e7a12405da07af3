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

  const locations: LocationElement[] = [
    ...divisions.mentions.map((span) => ({
      ...inField(span, title.length),
      kind: 'division',
    })),
    ...extractAddressElements(title).map((e) => ({ ...e, field: 'title' as const })),
    ...extractAddressElements(body).map((e) => ({ ...e, field: 'body' as const })),
  ];
  const times: TimeElement[] = [
    ...extractTimes(title, { now }).map((e) => ({ ...e, field: 'title' as const })),
    ...extractTimes(body, { now }).map((e) => ({ ...e, field: 'body' as const })),
  ];
  const appealType = classifyAppealType(title, body);
  return {
    locations,
    division: divisions.division,
    times,
    appealType: appealType.type,
    appealTypeReason: appealType.reason,
  };
}

function inField(span: TextSpan, titleLength: number): TextSpan {
  if (span.start < titleLength) return { ...span, field: 'title' };
  return {
    ...span,
    start: span.start - titleLength - 1,
    end: span.end - titleLength - 1,
    field: 'body',
  };
}
