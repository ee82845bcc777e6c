import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { englishSystemError } from '../src/protocol/system-error-texts.js';
import { createFakeIo } from './helpers/fake-io.js';

/** Translated logs analysed without any message catalog (--no-catalogs is not needed: glibc texts are built in). */
const fixture = (p: string): string => join(import.meta.dirname, '../fixtures/translated', p);

interface Report { verdict: { rootCause: string | null; confidence: string | null }; findings: { rootCause: string; explanation: string }[] }

async function analyze(p: string): Promise<Report> {
  const io = createFakeIo();
  await main(['analyze', '--json', fixture(p)], io);
  return JSON.parse(io.out()) as Report;
}

describe('translated system texts', () => {
  it("knows glibc's translations of the socket and resolver errors", () => {
    expect(englishSystemError('Connexion refusée.')).toEqual({ english: 'Connection refused', language: 'fr' });
    expect(englishSystemError('接続を拒否されました')).toEqual({ english: 'Connection refused', language: 'ja' });
    expect(englishSystemError('Ta nazwa lub usługa jest nieznana')).toEqual({ english: 'Name or service not known', language: 'pl' });
    expect(englishSystemError('Connection refused by the moon')).toBeUndefined();
  });

  it.each(['fr', 'ja'])('%s: `proxy: Error connecting to HOST:PORT (<translated strerror>)` → tcp-connect-refused, inferred, saying what would confirm it', async (lang) => {
    const r = await analyze(`${lang}-tcp-connection-refused.log`);
    expect(r.verdict).toMatchObject({ rootCause: 'tcp-connect-refused', confidence: 'inferred' });
    expect(r.findings[0]?.explanation).toMatch(new RegExp(`glibc's ${lang} text for "Connection refused".*would confirm it`));
  });

  it('pl: a translated `Error resolving` line naming the host being resolved → dns-host-unresolvable, inferred', async () => {
    const r = await analyze('pl-dns-host-unresolvable.log');
    expect(r.verdict).toMatchObject({ rootCause: 'dns-host-unresolvable', confidence: 'inferred' });
  });
});
