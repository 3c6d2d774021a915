/** One CSV record: its cells by the header's names, and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  value: Record<string, string>;
}

/** A CSV file that cannot be read as one table: where, and why. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/**
 * The records of a CSV file (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks),
 * keyed by the first row's names. Each record keeps the line it starts on, so that a problem with
 * it can be told by line even when an earlier field spans several.
 */
export function readCsv(text: string): CsvRecord[] {
  const rows: { line: number; cells: string[] }[] = [];
  let line = 1;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let rowLine = 1;
  let atCellStart = true;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      atCellStart = false;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      cells.push(cell);
      if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      atCellStart = true;
      line++;
      rowLine = line;
    } else {
      if (c === '"') throw new CsvSyntaxError('a quote inside an unquoted field: quote the whole field', line);
      cell += c;
      atCellStart = false;
    }
  }
  if (quoted) throw new CsvSyntaxError('a quoted field is not closed before the end of the file', rowLine);
  cells.push(cell);
  if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells });

  const [header, ...records] = rows;
  if (!header) return [];
  return records.map(({ line: at, cells: values }) => {
    if (values.length !== header.cells.length)
      throw new CsvSyntaxError(`expected ${header.cells.length} fields as in the header, got ${values.length}`, at);
    return { line: at, value: Object.fromEntries(header.cells.map((name, i) => [name, values[i] ?? ''])) };
  });
}
