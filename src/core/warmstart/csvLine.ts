/**
 * One CSV record per line (RFC 4180 quoting: `"a, b"` and `""` for a quote inside), with each
 * field's 1-based column, for an enqueue file's positioned errors. A quoted field cannot span lines.
 */

export interface CsvField {
  readonly text: string;
  readonly column: number;
}

export type CsvLineResult = { readonly ok: true; readonly fields: readonly CsvField[] } | { readonly ok: false; readonly column: number; readonly message: string };

export function readCsvLine(line: string): CsvLineResult {
  const fields: CsvField[] = [];
  let at = 0;
  for (;;) {
    // Spaces before a quoted field are not part of it (`1, "a, b"`).
    const quoteAt = /^ *"/.test(line.slice(at)) ? line.indexOf('"', at) : at;
    if (quoteAt !== at) at = quoteAt;
    const column = at + 1;
    if (line[at] === '"') {
      let text = '';
      at++;
      for (;;) {
        if (at >= line.length) return { ok: false, column, message: 'this quoted field has no closing `"` (a field cannot span lines)' };
        if (line[at] === '"') {
          if (line[at + 1] === '"') {
            text += '"';
            at += 2;
            continue;
          }
          at++;
          break;
        }
        text += line[at] ?? '';
        at++;
      }
      if (at < line.length && line[at] !== ',') return { ok: false, column: at + 1, message: 'expected `,` after a quoted field' };
      fields.push({ text, column });
    } else {
      const end = line.indexOf(',', at);
      const raw = end < 0 ? line.slice(at) : line.slice(at, end);
      // The column of the value itself, past spaces before it.
      fields.push({ text: raw.trim(), column: column + (raw.length - raw.trimStart().length) });
      at = end < 0 ? line.length : end;
    }
    if (at >= line.length) return { ok: true, fields };
    at++; // the comma
  }
}
