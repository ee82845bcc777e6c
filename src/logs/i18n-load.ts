/**
 * Loads the gettext catalogs SIPE (`pidgin-sipe.mo`) and libpurple (`pidgin.mo`) ship, for every
 * language installed, so translated connection errors can be mapped back to English (i18n.ts).
 * SIPE's small catalogs load at once; libpurple's large ones (≈3 s for all languages) only when a
 * description did not match SIPE's (`extend`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogEntry, TranslationCatalogs } from './i18n.js';
import { readMoEntries } from './mo-file.js';

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
      out.push(...entriesOf(buf, domain, language));
    }
  }
  return out;
}

function entriesOf(buf: Uint8Array, domain: string, language: string): CatalogEntry[] {
  try {
    return readMoEntries(buf).filter((e) => e.msgstr !== '').map((e) => ({ domain, language, msgid: e.msgid, msgstr: e.msgstr }));
  } catch {
    return []; // a corrupt catalog is skipped, not fatal
  }
}

function languagesSync(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** loadDomain, synchronously: for the first look at `entries` (see loadTranslationCatalogs). */
function loadDomainSync(dirs: readonly string[], domain: string, only?: (language: string) => boolean): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  for (const dir of dirs) {
    for (const language of languagesSync(dir)) {
      if (only && !only(language)) continue;
      let buf: Buffer;
      try {
        buf = readFileSync(join(dir, language, 'LC_MESSAGES', `${domain}.mo`));
      } catch {
        continue;
      }
      out.push(...entriesOf(buf, domain, language));
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
  // Nothing is read until a connection error needs translating: most runs never look (start-up
  // stays small), and a run that does reads the small catalogs at its first look at `entries`.
  let first: { sipe: CatalogEntry[]; probe: CatalogEntry[]; all: CatalogEntry[] } | undefined;
  const load = (): NonNullable<typeof first> => {
    if (first) return first;
    const sipe = loadDomainSync(dirs, 'pidgin-sipe');
    const probe = loadProbe();
    return (first = { sipe, probe, all: [...sipe, ...probe] });
  };
  // the English texts: SIPE's msgids from one of its catalogs, libpurple's from the probe catalog
  let english: CatalogEntry[] | undefined;
  const loadEnglish = (): CatalogEntry[] => {
    if (english) return english;
    if (first) return (english = first.all);
    let sipe = loadDomainSync(dirs, 'pidgin-sipe', (l) => l === PROBE_LANGUAGE);
    if (sipe.length === 0) sipe = load().sipe;
    return (english = [...sipe, ...loadProbe()]);
  };
  let probeOnly: CatalogEntry[] | undefined;
  const loadProbe = (): CatalogEntry[] => {
    if (first) return first.probe;
    if (probeOnly) return probeOnly;
    probeOnly = loadDomainSync(dirs, 'pidgin', (l) => l === PROBE_LANGUAGE);
    if (probeOnly.length === 0) {
      const any = dirs.flatMap(languagesSync)[0];
      if (any !== undefined) probeOnly = loadDomainSync(dirs, 'pidgin', (l) => l === any);
    }
    return probeOnly;
  };
  let more: Promise<TranslationCatalogs> | undefined;
  return {
    get entries() {
      return load().all;
    },
    get english() {
      return loadEnglish();
    },
    extend: () => {
      const { sipe, probe } = load();
      const loadedProbe = new Set(probe.map((e) => e.language));
      more ??= loadDomain(dirs, 'pidgin', (l) => !loadedProbe.has(l)).then((pidgin) => ({ entries: [...sipe, ...probe, ...pidgin] }));
      return more;
    },
  };
}
