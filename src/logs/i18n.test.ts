import { describe, expect, it } from 'vitest';
import { descriptionSuffix, resolveDescription, translateDescription, type TranslationCatalogs } from './i18n.js';

// Placeholder catalog (no real translations in our code): xx = a made-up language.
const catalogs: TranslationCatalogs = {
  entries: [
    { domain: 'pidgin-sipe', language: 'xx', msgid: 'Authentication failed', msgstr: 'AUTH-FAILED-XX' },
    { domain: 'pidgin-sipe', language: 'xx', msgid: 'You have been rejected by the server: %s', msgstr: 'XX-REJECTED «%s» XX' },
    { domain: 'pidgin-sipe', language: 'xx', msgid: 'Web ticket request to %s failed', msgstr: 'XX-TICKET %s XX-FAILED' },
    { domain: 'pidgin', language: 'xx', msgid: 'Authentication failed', msgstr: 'SHOULD-NOT-WIN' },
  ],
};

describe('translateDescription', () => {
  it('maps exact translations and English msgids', () => {
    expect(translateDescription('AUTH-FAILED-XX', catalogs)).toEqual({ english: 'Authentication failed', translated: true, language: 'xx' });
    expect(translateDescription('Authentication failed', catalogs)).toEqual({ english: 'Authentication failed', translated: false });
  });

  it('matches templates and extracts the %s argument (translated and English)', () => {
    expect(translateDescription('XX-REJECTED «Check Microsoft Update» XX', catalogs)).toEqual({
      english: 'You have been rejected by the server: Check Microsoft Update', template: 'You have been rejected by the server: %s', detail: 'Check Microsoft Update', translated: true, language: 'xx',
    });
    expect(translateDescription('You have been rejected by the server: no reason given', catalogs)).toEqual({
      english: 'You have been rejected by the server: no reason given', template: 'You have been rejected by the server: %s', detail: 'no reason given', translated: false,
    });
  });

  it('matches a multi-line description by its first line', () => {
    const d = 'XX-TICKET https://pool/CertProv/CertProvisioningService.svc XX-FAILED\n(SIP URI mismatch)';
    expect(translateDescription(d, catalogs)).toMatchObject({ english: 'Web ticket request to https://pool/CertProv/CertProvisioningService.svc failed', template: 'Web ticket request to %s failed', detail: 'https://pool/CertProv/CertProvisioningService.svc' });
    expect(descriptionSuffix(d)).toBe('SIP URI mismatch');
  });

  it('ignores how lines were wrapped', () => {
    expect(translateDescription('You have been rejected by\nthe server: no  reason given', catalogs)).toMatchObject({ english: 'You have been rejected by the server: no reason given', detail: 'no reason given' });
  });

  it('returns undefined for unknown text', () => {
    expect(translateDescription('something else entirely', catalogs)).toBeUndefined();
  });
});

describe('resolveDescription', () => {
  it('needs no more catalogs for a known English msgid; keeps unknown text as is', async () => {
    let loaded = 0;
    const c: TranslationCatalogs = { ...catalogs, extend: async () => { loaded += 1; return catalogs; } };
    expect(await resolveDescription('Authentication failed', c)).toEqual({ english: 'Authentication failed', translated: false });
    expect(loaded).toBe(0);
    expect(await resolveDescription('Some text no catalog has', c)).toEqual({ english: 'Some text no catalog has', translated: false });
    expect(loaded).toBe(1);
  });

  it('loads the larger catalogs for a text the loaded ones do not know', async () => {
    let loaded = 0;
    const c: TranslationCatalogs = { entries: [], extend: async () => { loaded += 1; return { entries: [{ domain: 'pidgin', language: 'xx', msgid: 'SSL Handshake Failed', msgstr: 'ÉCHEC-XX' }] }; } };
    expect(await resolveDescription('ÉCHEC-XX', c)).toEqual({ english: 'SSL Handshake Failed', translated: true, language: 'xx' });
    expect(loaded).toBe(1);
  });
});
