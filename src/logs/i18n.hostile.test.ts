import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { templateMatchSteps, translateDescription, type TranslationCatalogs } from './i18n.js';
import { loadTranslationCatalogs } from './i18n-load.js';

const haveSipe = existsSync('/usr/share/locale/de/LC_MESSAGES/pidgin-sipe.mo');

// made-up language xx; templates with several text and integer slots, like the real catalogs
const catalogs: TranslationCatalogs = {
  entries: [
    { domain: 'pidgin-sipe', language: 'xx', msgid: 'You have been rejected by the server: %s', msgstr: 'XX-REJECTED «%s» XX' },
    { domain: 'pidgin', language: 'xx', msgid: 'Error connecting to %s:%d (%s)', msgstr: 'XX %s:%d XX (%s)' },
    { domain: 'pidgin', language: 'xx', msgid: 'Unable to connect to %s: %s', msgstr: 'XX-UNABLE %s: %s' },
    { domain: 'pidgin', language: 'xx', msgid: 'Lost connection with server: %s', msgstr: '%s XX-LOST-CONNECTION' },
  ],
};

/** The regex the matcher replaced: same answers expected, without its backtracking. */
function viaRegex(template: string, text: string): string[] | undefined {
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const src = template.split(/(%[sd])/).map((p) => (p === '%s' ? '(.+?)' : p === '%d' ? '(-?\\d+)' : esc(p))).join('');
  const m = new RegExp(`^${src}$`, 's').exec(text);
  return m ? m.slice(1) : undefined;
}

describe('description matching on hostile input', () => {
  it('a 100 KB unknown description costs work linear in its length', () => {
    const long = `Error connecting to ${'host:'.repeat(4000)} (${'a: ('.repeat(20000)}`;
    const before = templateMatchSteps();
    const t0 = Date.now();
    expect(translateDescription(long, catalogs)).toBeUndefined();
    expect(templateMatchSteps() - before).toBeLessThan(64 * long.length * 8);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it.runIf(haveSipe)('a 100 KB unknown description with the installed catalogs finishes fast', async () => {
    const c = await loadTranslationCatalogs();
    const more = (await c.extend?.()) ?? c;
    const long = `Qzx ${'connect to x: (y) : %s '.repeat(5000)}`.slice(0, 100_000);
    translateDescription('warm up the index', more);
    const t0 = Date.now();
    translateDescription(long, more); // may match a catch-all template; what counts is the time
    expect(Date.now() - t0).toBeLessThan(2000);
  }, 30_000);

  it('finds the same arguments as the old regular expressions', () => {
    const templates = ['Error connecting to %s:%d (%s)', 'Unable to connect to %s: %s', 'aa%sbb%scc', 'xx%d%s!!!!', 'n %d%d end', '%s: %s yes'];
    const piece = fc.constantFrom('a', 'aa', 'b', 'bb', 'cc', ':', ' ', '(', ')', '-', '1', '42', 'x', 'xx', '!', '!!!!', 'yes', 'end', 'Error connecting to ', 'Unable to connect to ');
    fc.assert(fc.property(fc.constantFrom(...templates), fc.array(piece, { maxLength: 12 }), (template, pieces) => {
      const text = pieces.join('');
      const c: TranslationCatalogs = { entries: [{ domain: 'pidgin', language: 'xx', msgid: template, msgstr: '' }] };
      const want = viaRegex(template, text.replace(/\s+/g, ' ').trim());
      const got = translateDescription(text, c);
      if (!want || !text.trim()) return;
      expect(got?.template).toBe(template);
      expect(got?.detail).toBe(want[0]);
      expect(got?.english).toBe(want.reduce((e, g) => e.replace(/%[sd]/, g), template));
    }), { numRuns: 3000 });
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      translateDescription(text, catalogs);
    }), { numRuns: 500 });
  });
});
