import { describe, expect, it } from 'vitest';
import { blockedReport } from '../../../test/cli-fixtures.js';
import { csvField, csvLine, formatCsv, CSV_COLUMNS } from './csv.js';
import { formatJsonl } from './jsonl.js';

/** A small RFC 4180 reader to check the writer round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  return rows;
}

describe('csv', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const values = ['a,b', 'say "hi"', 'two\r\nlines', '', 'ünïcödé'];
    expect(parseCsv(csvLine(values))).toEqual([values]);
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('formats one report as a header and a row', () => {
    const rows = parseCsv(formatCsv(blockedReport(), { color: false, verbose: false }));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    const rec = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(rec).toMatchObject({ status: 'problem', root_cause: 'client-version-blocked', step: 'register', file: 'ua-blocked-403.pidgin-debug.log' });
  });

  it('jsonl is one parseable line with file and schemaVersion', () => {
    const text = formatJsonl(blockedReport(), { color: false, verbose: false });
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().includes('\n')).toBe(false);
    const obj = JSON.parse(text) as { file: string; schemaVersion: number };
    expect(obj.file).toBe('ua-blocked-403.pidgin-debug.log');
    expect(obj.schemaVersion).toBe(1);
  });
});
