/**
 * Loads the gettext catalogs SIPE (`pidgin-sipe.mo`) and libpurple (`pidgin.mo`) ship, for every
 * language installed, so translated connection errors can be mapped back to English (i18n.ts).
 * SIPE's small catalogs load at once; libpurple's large ones (≈3 s for all languages) only when a
 * description did not match SIPE's (`extend`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mo } from 'gettext-parser';
import type { CatalogEntry, TranslationCatalogs } from './i18n.js';

export const DEFAULT_LOCALE_DIRS: readonly string[] = ['/usr/share/locale', '/usr/local/share/locale'];

/**
 * `SIPE_DOCTOR_CATALOGS=none` analyses without the installed catalogs, as on a helpdesk machine without Pidgin
 * (how the recorded corpus of translated logs is checked: language-independent evidence must suffice).
 */
export const CATALOGS_ENV = 'SIPE_DOCTOR_CATALOGS';
export function catalogsDisabled(env: Readonly<Record<string, string | undefined>>): boolean {
  return env[CATALOGS_ENV] === 'none';
}

async function languages(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

async function loadDomain(dirs: readonly string[], domain: string, only?: (language: string) => boolean): Promise<CatalogEntry[]> {
  const out: CatalogEntry[] = [];
  for (const dir of dirs) {
    for (const language of await languages(dir)) {
      if (only && !only(language)) continue;
      let buf: Buffer;
      try {
        buf = await readFile(join(dir, language, 'LC_MESSAGES', `${domain}.mo`));
      } catch {
        continue;
      }
      let parsed;
      try {
        parsed = mo.parse(buf);
      } catch {
        continue; // a corrupt catalog is skipped, not fatal
      }
      for (const [context, table] of Object.entries(parsed.translations)) {
        if (context !== '') continue;
        for (const t of Object.values(table)) {
          const msgstr = t.msgstr[0];
          if (!t.msgid || !msgstr || t.msgid_plural) continue;
          out.push({ domain, language, msgid: t.msgid, msgstr });
        }
      }
    }
  }
  return out;
}

/** libpurple's catalog for one language: its msgids are libpurple's English texts (SSL errors …). */
const PROBE_LANGUAGE = 'de';

/**
 * Load SIPE's catalogs for every language plus one libpurple catalog now (so English libpurple
 * texts are known without loading all of them); every libpurple catalog on demand (memoised).
 */
export async function loadTranslationCatalogs(dirs: string[] = [...DEFAULT_LOCALE_DIRS]): Promise<TranslationCatalogs> {
  const sipe = await loadDomain(dirs, 'pidgin-sipe');
  let probe = await loadDomain(dirs, 'pidgin', (l) => l === PROBE_LANGUAGE);
  if (probe.length === 0) {
    const first = (await Promise.all(dirs.map(languages))).flat()[0];
    if (first !== undefined) probe = await loadDomain(dirs, 'pidgin', (l) => l === first);
  }
  const loadedProbe = new Set(probe.map((e) => e.language));
  let more: Promise<TranslationCatalogs> | undefined;
  return {
    entries: [...sipe, ...probe],
    extend: () => {
      more ??= loadDomain(dirs, 'pidgin', (l) => !loadedProbe.has(l)).then((pidgin) => ({ entries: [...sipe, ...probe, ...pidgin] }));
      return more;
    },
  };
}
