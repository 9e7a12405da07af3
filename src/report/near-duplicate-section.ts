import {
  countNearDuplicateLinks,
  listNearDuplicateLinks,
} from '../hotspot/near-duplicate-links.ts';
import type { Store } from '../store/database.ts';
import { escapeHtml } from './escape-html.ts';
import { reportMessages } from './messages.ts';
import type { ReportSection } from './render-report.ts';

const text = reportMessages.nearDuplicates;

/** Rows of the near-duplicate table. */
const shownLinks = 30;

/**
 * Renders the report section of near-duplicate links that `hotline run`
 * stored: their number and the most recent links, each with both titles
 * and the similarity. Titles are HTML-escaped here.
 */
export async function renderNearDuplicateSection(
  store: Store,
): Promise<ReportSection> {
  const total = await countNearDuplicateLinks(store);
  if (total === 0) {
    return { title: text.heading, html: `<p class="muted">${text.absent}</p>` };
  }
  const links = await listNearDuplicateLinks(store, { limit: shownLinks });
  const rows = links.map(
    (link) =>
      `<tr><td>${escapeHtml(link.appealExternalId ?? `#${link.appealId}`)}</td>` +
      `<td>${escapeHtml(link.appealTitle)}</td>` +
      `<td>${escapeHtml(day(link.appealReceivedAt))}</td>` +
      `<td>${escapeHtml(link.duplicateExternalId ?? `#${link.duplicateOf}`)}</td>` +
      `<td>${escapeHtml(link.duplicateTitle)}</td>` +
      `<td>${escapeHtml(day(link.duplicateReceivedAt))}</td>` +
      `<td class="number">${link.similarity.toFixed(2)}</td></tr>`,
  );
  const html =
    `<p>${text.links}: ${total}` +
    (total > links.length ? `（${text.shown} ${links.length} 条）` : '') +
    '</p><table><thead><tr>' +
    headers(text.later) +
    headers(text.earlier) +
    `<th class="number">${text.similarity}</th>` +
    `</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return { title: text.heading, html };
}

/** Column headers of one end of a link: id, title and day. */
function headers(end: string): string {
  return [text.id, text.title, text.day]
    .map((name) => `<th>${end}${name}</th>`)
    .join('');
}

function day(time: string | null): string {
  return time === null ? '—' : time.slice(0, 10);
}
