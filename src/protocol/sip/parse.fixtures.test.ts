/** Every SIP dump in the recorded SIPE logs (fixtures/) must decode. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSipMessage, sipHeaderViews } from './parse.js';

const DIRS = ['fixtures/lab', 'fixtures/logs'];
const files = DIRS.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => join(d, f)) : []));

/** 1.22+ full dumps: `MESSAGE START >>>>>>>>>> SIP(0x…) - time` … `MESSAGE END …` */
function sipDumps(text: string): string[] {
  const out: string[] = [];
  const re = /^MESSAGE START [<>]{10} SIP[^\n]*\n([\s\S]*?)\nMESSAGE END [<>]{10} SIP/gm;
  for (const m of text.matchAll(re)) out.push(m[1] as string);
  return out;
}

describe('SIP dumps of recorded logs', () => {
  it.each(files)('%s', (file) => {
    const dumps = sipDumps(readFileSync(file, 'utf8'));
    for (const d of dumps) {
      const m = parseSipMessage(d);
      expect(m, d.slice(0, 200)).toBeDefined();
      const v = sipHeaderViews(m!);
      expect(v.cseq, d.slice(0, 200)).toBeDefined();
      if (m!.status === 401) expect(v.challenges.length).toBeGreaterThan(0);
      for (const c of v.challenges) {
        for (const k of ['gssapi-data', 'opaque', 'rspauth', 'response']) {
          if (c.params[k] !== undefined) expect(c.params[k]).toBe('<redacted>');
        }
      }
      if (m!.status === 403) expect(v.warnings.length + v.msDiagnostics.length).toBeGreaterThan(0);
    }
  });
});
