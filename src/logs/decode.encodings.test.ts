import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessLegacyEncoding, LineDecoder } from './decode.js';

/** fixtures/encodings/<lang>.<encoding>.log: two log lines, the second with glibc's translated "Connection refused". */
const DIR = join(import.meta.dirname, '../../fixtures/encodings');
const EXPECTED: Readonly<Record<string, string>> = {
  'pl.iso-8859-2.log': 'Połączenie odrzucone', 'ru.windows-1251.log': 'В соединении отказано', 'ru.koi8-r.log': 'В соединении отказано',
  'ja.shift_jis.log': '接続を拒否されました', 'ja.euc-jp.log': '接続を拒否されました', 'zh_CN.gbk.log': '拒绝连接', 'zh_TW.big5.log': '連線被拒',
  'ko.euc-kr.log': '연결이 거부됨', 'el.iso-8859-7.log': 'Άρνηση σύνδεσης', 'fr.iso-8859-1.log': 'Connexion refusée',
};

describe('legacy encodings are detected, not assumed to be Windows-1252', () => {
  it('has a fixture for every expectation', () => {
    expect(readdirSync(DIR).filter((f) => f.endsWith('.log')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s decodes to "%s"', (file, text) => {
    const lines = readFileSync(join(DIR, file)).toString('latin1').split('\n').filter(Boolean).map((l) => Buffer.from(l, 'latin1'));
    const d = new LineDecoder();
    const decoded = lines.map((l) => d.decode(l));
    expect(decoded[1]).toBe(`(10:11:12) proxy: Error connecting to sip.corp.example:5061 (${text}).`);
    const enc = file.split('.')[1] as string;
    expect(d.mode).toBe(enc === 'iso-8859-1' ? 'windows-1252' : enc);
  });

  it('keeps Windows-1250 or ISO-8859-2 open while the lines read the same in both (pidgin pl_PL.ISO-8859-2)', () => {
    const iso = (t: string): Buffer => Buffer.from(new Uint8Array([...t].map((c) => ({ 'ę': 0xea, 'ą': 0xb1, 'ł': 0xb3 } as Record<string, number>)[c] ?? c.charCodeAt(0))));
    const d = new LineDecoder();
    // "się": ę is 0xEA in both, the first guess is only a tie
    expect(d.decode(iso('(07:09:37) pounce: Error reading pounces: Otwarcie pliku się nie powiodło'))).toContain('się');
    expect(d.settled).toBe(false);
    // "Połączenie": ą is 0xB1 in ISO-8859-2 (± in Windows-1250)
    expect(d.decode(iso('(07:09:37) proxy: Error connecting to 127.0.0.1:37437 (Połączenie odrzucone).'))).toContain('(Połączenie odrzucone)');
    expect(d.mode).toBe('iso-8859-2');
    expect(d.settled).toBe(true);
  });

  it('keeps Windows-1252 for Western text with C1-range characters', () => {
    expect(guessLegacyEncoding(Buffer.from([...Buffer.from('C:\\Users\\J'), 0xfc, ...Buffer.from('rgen '), 0x80]))).toBe('windows-1252');
  });
});
