import type { ReportFacts, LabelCount } from '../store/report-queries.ts';
import { computeAgreement } from './agreement.ts';
import { escapeHtml } from './escape-html.ts';
import { reportMessages as text } from './messages.ts';
import { renderBarChart, renderDailyChart } from './render-chart.ts';
import { reportStyle } from './report-style.ts';

/**
 * A section that another module adds to the report, such as hotspots and
 * alerts. `title` is escaped here; `html` is inserted as given, so the
 * module that builds it must escape every piece of appeal text in it.
 */
export interface ReportSection {
  title: string;
  html: string;
}

/** Options of `renderReport`. */
export interface RenderReportOptions {
  generatedAt: Date;
  /** Sections appended after the built-in ones, in order. */
  extraSections?: ReportSection[];
}

// Characters of an appeal body shown in the low-confidence table.
const excerptLength = 120;

/**
 * Renders the report as one self-contained HTML document: inline CSS,
 * charts as inline SVG, no script and no external URL. Appeal text is
 * already masked in the store and is HTML-escaped here.
 */
export function renderReport(
  facts: ReportFacts,
  options: RenderReportOptions,
): string {
  const sections: ReportSection[] = [
    { title: text.totals.heading, html: renderTotals(facts) },
    {
      title: text.categories.heading,
      html: renderCounts(facts.categories, text.categories.label, true),
    },
    {
      title: text.departments.heading,
      html: renderCounts(facts.departments, text.departments.label, true),
    },
    {
      title: text.appealTypes.heading,
      html: renderCounts(
        facts.appealTypes.map((row) => ({
          label: text.appealTypeNames[row.label] ?? row.label,
          count: row.count,
        })),
        text.appealTypes.label,
        true,
      ),
    },
    { title: text.volume.heading, html: renderVolume(facts.volumeByDay) },
    {
      title: text.divisions.heading,
      html: renderCounts(facts.divisions, text.divisions.label, false),
    },
    {
      title: text.locations.heading,
      html: renderCounts(facts.locations, text.locations.label, false),
    },
    { title: text.lowConfidence.heading, html: renderLowConfidence(facts) },
    { title: text.agreement.heading, html: renderAgreement(facts) },
    { title: text.rejects.heading, html: renderRejects(facts) },
    ...(options.extraSections ?? []),
  ];

  const navigation = sections
    .map((section, index) => {
      const title = escapeHtml(section.title);
      return `<a href="#section-${index + 1}">${title}</a>`;
    })
    .join('');
  const body = sections
    .map(
      (section, index) =>
        `<section id="section-${index + 1}">` +
        `<h2>${escapeHtml(section.title)}</h2>\n${section.html}</section>`,
    )
    .join('\n');
  const versions =
    facts.modelVersions.length === 0
      ? text.noData
      : facts.modelVersions.join(', ');

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.documentTitle)}</title>
<style>${reportStyle}</style>
</head>
<body>
<header>
<h1>${escapeHtml(text.documentTitle)}</h1>
<p>${text.generatedAt}：${escapeHtml(formatTimestamp(options.generatedAt))}
 · ${text.modelVersions}：${escapeHtml(versions)}</p>
</header>
<nav>${navigation}</nav>
<main>
${body}
</main>
</body>
</html>
`;
}

function renderTotals(facts: ReportFacts): string {
  const totals = facts.totals;
  const range =
    totals.firstReceivedAt === null || totals.lastReceivedAt === null
      ? text.noData
      : `${totals.firstReceivedAt.slice(0, 10)} ~ ` +
        `${totals.lastReceivedAt.slice(0, 10)}`;
  const cards: Array<[string, string]> = [
    [text.totals.appeals, formatCount(totals.appeals)],
    [text.totals.triaged, formatCount(totals.triaged)],
    [text.totals.withoutTime, formatCount(totals.withoutTime)],
    [text.totals.rejectedRows, formatCount(facts.rejects.rows)],
    [text.totals.runs, formatCount(totals.runs)],
    [text.totals.timeRange, range],
  ];
  const html = cards
    .map(
      ([name, value]) =>
        `<div class="card"><div class="value">${escapeHtml(value)}</div>` +
        `<div class="name">${escapeHtml(name)}</div></div>`,
    )
    .join('');
  return `<div class="cards">${html}</div>`;
}

function renderCounts(
  rows: readonly LabelCount[],
  labelHeading: string,
  withChart: boolean,
): string {
  if (rows.length === 0) return `<p class="muted">${text.noData}</p>`;
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const chart = withChart
    ? `<div class="chart">${renderBarChart(rows.slice(0, 20))}</div>`
    : '';
  const body = rows
    .map(
      (row) =>
        `<tr><td>${escapeHtml(row.label)}</td>` +
        `<td class="number">${formatCount(row.count)}</td>` +
        `<td class="number">${formatPercent(row.count / total)}</td></tr>`,
    )
    .join('');
  return (
    chart +
    `<table><thead><tr><th>${escapeHtml(labelHeading)}</th>` +
    `<th class="number">${text.count}</th>` +
    `<th class="number">${text.share}</th></tr></thead>` +
    `<tbody>${body}</tbody></table>`
  );
}

function renderVolume(rows: readonly LabelCount[]): string {
  if (rows.length === 0) return `<p class="muted">${text.noData}</p>`;
  return `<div class="chart">${renderDailyChart(rows)}</div>`;
}

function renderLowConfidence(facts: ReportFacts): string {
  const rows = facts.lowConfidence;
  if (rows.length === 0) return `<p class="muted">${text.noData}</p>`;
  const labels = text.lowConfidence;
  const head = [
    labels.id,
    labels.receivedAt,
    labels.title,
    labels.excerpt,
    labels.category,
    labels.recorded,
    labels.confidence,
  ]
    .map((name) => `<th>${escapeHtml(name)}</th>`)
    .join('');
  const body = rows
    .map((row) => {
      const excerpt =
        row.body.length > excerptLength
          ? `${row.body.slice(0, excerptLength)}…`
          : row.body;
      return (
        `<tr><td>${row.appealId}</td>` +
        `<td>${escapeHtml((row.receivedAt ?? '').slice(0, 10))}</td>` +
        `<td>${escapeHtml(row.title)}</td>` +
        `<td>${escapeHtml(excerpt)}</td>` +
        `<td>${escapeHtml(row.category)}</td>` +
        `<td>${escapeHtml(row.recordedCategory ?? '')}</td>` +
        `<td class="number">${formatPercent(row.confidence)}</td></tr>`
      );
    })
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function renderAgreement(facts: ReportFacts): string {
  const agreement = computeAgreement(facts.categoryPairs);
  const labels = text.agreement;
  if (agreement === null) return `<p class="muted">${labels.absent}</p>`;
  const cards =
    `<div class="cards">` +
    card(labels.rows, formatCount(agreement.rows)) +
    card(labels.accuracy, formatPercent(agreement.accuracy)) +
    card(labels.macroF1, agreement.macroF1.toFixed(3)) +
    `</div>`;
  const body = agreement.labels
    .map(
      (label) =>
        `<tr><td>${escapeHtml(label.label)}</td>` +
        `<td class="number">${formatCount(label.support)}</td>` +
        `<td class="number">${label.precision.toFixed(3)}</td>` +
        `<td class="number">${label.recall.toFixed(3)}</td>` +
        `<td class="number">${label.f1.toFixed(3)}</td></tr>`,
    )
    .join('');
  const head = [
    labels.label,
    labels.support,
    labels.precision,
    labels.recall,
    labels.f1,
  ]
    .map((name) => `<th>${escapeHtml(name)}</th>`)
    .join('');
  return (
    cards +
    `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
  );
}

function renderRejects(facts: ReportFacts): string {
  const rejects = facts.rejects;
  const cards =
    `<div class="cards">` +
    card(text.rejects.rows, formatCount(rejects.rows)) +
    card(text.rejects.files, formatCount(rejects.files)) +
    `</div>`;
  if (rejects.byReason.length === 0) return cards;
  return (
    cards +
    renderCounts(rejects.byReason, text.rejects.reason, false) +
    renderCounts(rejects.byFile, text.rejects.file, false)
  );
}

function card(name: string, value: string): string {
  return (
    `<div class="card"><div class="value">${escapeHtml(value)}</div>` +
    `<div class="name">${escapeHtml(name)}</div></div>`
  );
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Local time as YYYY-MM-DD HH:MM, the form the hotline staff use. */
function formatTimestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-` +
    `${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}
