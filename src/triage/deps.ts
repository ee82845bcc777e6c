/** The standard per-file pipeline for triage (what the CLI passes, and what each worker thread loads). */
import { catalogsDisabled, loadTranslationCatalogs } from '../logs/i18n-load.js';
import { parseLogSources, type TranslationCatalogs } from '../logs/index.js';
import { randomAccess, readLogBytes } from '../logs/read.js';
import { readAccountsFile } from '../pipeline/collect.js';
import { diagnose } from '../pipeline/diagnose.js';
import { RULES } from '../rules/index.js';
import type { TriageDeps } from './analyze-file.js';

/**
 * `lazyCatalogs`: the translation catalogs are loaded only if a file is analysed in this thread
 * (the main thread of a batch whose files all go to worker threads never needs them).
 */
export async function standardTriageDeps(
  version: string,
  opts: { onCatalogError?: (err: unknown) => void; lazyCatalogs?: boolean; env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<TriageDeps> {
  // worker threads share the process environment (SIPE_DOCTOR_CATALOGS=none hides the catalogs)
  const load = (): Promise<TranslationCatalogs | undefined> =>
    catalogsDisabled(opts.env ?? process.env) ? Promise.resolve(undefined) : loadTranslationCatalogs().catch((err: unknown) => {
      opts.onCatalogError?.(err);
      return undefined;
    });
  const catalogs = opts.lazyCatalogs ? undefined : await load();
  return {
    ...(opts.lazyCatalogs ? { loadCatalogs: load } : {}),
    readBytes: readLogBytes,
    // SIPE_DOCTOR_LOG_LIGHT=0 reads every attempt of a long log in full, as for analyze
    ...((opts.env ?? process.env)['SIPE_DOCTOR_LOG_LIGHT'] === '0' ? {} : { randomAccess }),
    parseLogSources,
    diagnose,
    readAccounts: (path) => readAccountsFile(path),
    catalogs,
    rules: RULES,
    version,
    now: () => new Date(),
  };
}
