import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { translateDescription } from './i18n.js';
import { loadTranslationCatalogs } from './i18n-load.js';

// The catalogs are installed with pidgin-sipe / pidgin (Debian); CI installs them too.
const haveSipe = existsSync('/usr/share/locale/de/LC_MESSAGES/pidgin-sipe.mo');

describe.runIf(haveSipe)('loadTranslationCatalogs (installed .mo files)', () => {
  it('maps German SIPE texts (as recorded in fixtures/logs/de-*.log) back to English', async () => {
    const c = await loadTranslationCatalogs();
    expect(c.entries.some((e) => e.language === 'de' && e.domain === 'pidgin-sipe')).toBe(true);
    expect(translateDescription('Authentifizierung fehlgeschlagen', c)).toMatchObject({ english: 'Authentication failed', translated: true, language: 'de' });
    expect(translateDescription("Sie wurden vom Server 'Check Microsoft Update for the newest version.' abgewiesen", c)).toEqual({
      english: 'You have been rejected by the server: Check Microsoft Update for the newest version.', template: 'You have been rejected by the server: %s',
      detail: 'Check Microsoft Update for the newest version.', translated: true, language: 'de',
    });
  });

  it('knows libpurple English texts at once and loads its other catalogs on demand', async () => {
    const c = await loadTranslationCatalogs();
    expect(translateDescription('SSL Connection Failed', c)).toEqual({ english: 'SSL Connection Failed', translated: false });
    expect(translateDescription('SSL-Verbindung fehlgeschlagen', c)).toMatchObject({ english: 'SSL Connection Failed', translated: true, language: 'de' });
    const more = await c.extend?.();
    expect(more?.entries.some((e) => e.domain === 'pidgin')).toBe(true);
    expect(await c.extend?.()).toBe(more); // memoised
  }, 30_000);

  it('returns empty catalogs for a directory without locales', async () => {
    expect((await loadTranslationCatalogs(['/nonexistent-locale-dir'])).entries).toEqual([]);
  });
});
