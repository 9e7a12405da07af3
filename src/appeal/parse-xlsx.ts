/**
 * Streaming XLSX reader over exceljs's WorkbookReader: rows of the first
 * worksheet as strings, without loading the workbook.
 */
import type { Readable } from 'node:stream';
import { numberToText } from './normalize.ts';

/** One non-empty row of a worksheet. */
export interface SheetRow {
  /** Cell texts by 0-based column. */
  cells: string[];
  /** 1-based row number in the sheet. */
  sheetRow: number;
  /** Data-quality warnings per 0-based column. */
  warnings: { column: number; message: string }[];
}

/**
 * Reads the rows of the first worksheet in file order.
 *
 * Cells become text: text cells as stored (numbers stored as text stay
 * exact); numbers via {@link numberToText}, with a warning when a number has
 * 16 or more digits (Excel keeps 15) and so may have lost digits; dates as
 * `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD` at midnight); formulas as their
 * cached result; rich text and hyperlinks as their text; errors as `#N/A` etc.
 */
export async function* readXlsxRows(input: string | Readable): AsyncGenerator<SheetRow> {
  // Loaded on first use: importing exceljs costs about 0.4 s of CPU, which
  // every command paid at start-up although only workbooks need it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  for await (const worksheet of workbook) {
    for await (const row of worksheet) {
      const cells: string[] = [];
      const warnings: SheetRow['warnings'] = [];
      let empty = true;
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        const column = columnNumber - 1;
        const value = cellText(cell.value, (message) => warnings.push({ column, message }));
        while (cells.length < column) cells.push('');
        cells[column] = value;
        if (value.trim() !== '') empty = false;
      });
      if (!empty) yield { cells, sheetRow: row.number, warnings };
    }
    // Only the first worksheet is read.
    return;
  }
}

function cellText(value: unknown, warn: (message: string) => void): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) >= 1e15) {
      warn('a number of 16 or more digits stored as a number by Excel; digits may be lost');
    }
    return numberToText(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.richText)) {
      return record.richText.map((part: { text?: unknown }) => String(part.text ?? '')).join('');
    }
    if ('result' in record || 'formula' in record || 'sharedFormula' in record) {
      return cellText(record.result, warn);
    }
    if ('text' in record) return cellText(record.text, warn);
    if ('error' in record) return String(record.error);
  }
  return String(value);
}

/** exceljs builds dates from the serial as UTC; read them back the same way. */
function dateText(date: Date): string {
  const time = Math.round(date.getTime() / 1000) * 1000;
  if (Number.isNaN(time)) return '';
  const iso = new Date(time).toISOString();
  const day = iso.slice(0, 10);
  const clock = iso.slice(11, 19);
  return clock === '00:00:00' ? day : `${day} ${clock}`;
}
