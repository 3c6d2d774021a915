/** CSV (RFC 4180) for the downloads. */

export type Cell = string | number | boolean | null | undefined;

/**
 * Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the
 * start) get a leading apostrophe; numbers are written as numbers. The JSON download keeps every
 * text verbatim.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
