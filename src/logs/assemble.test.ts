import { describe, expect, it } from 'vitest';
import { dumpsInRecord, repairWrappedHeaders } from './assemble.js';
import type { LogRecord } from './types.js';

function rec(text: string, continuation: string[], first = 10): LogRecord {
  return { file: 'f.log', lines: [first, first + continuation.length], time: '10:11:12', category: 'sipe', text, continuation };
}

describe('dumpsInRecord', () => {
  it('reads a 1.24+ full dump with its connection pointer (real lines)', () => {
    const ds = dumpsInRecord(rec('', [
      'MESSAGE START <<<<<<<<<< SIP(0x55f39099c520) - 2026-11-21T23:38:56.880953Z',
      'SIP/2.0 403 Forbidden',
      'ms-diagnostics: 17002;reason="Invalid protocol client version.";source="fe01.corp.example"',
      'CSeq: 1 REGISTER',
      'Content-Length: 0',
      '',
      '',
      'MESSAGE END <<<<<<<<<< SIP(0x55f39099c520) - 2026-11-21T23:38:56.880953Z',
    ]));
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({
      protocol: 'SIP', direction: 'received', connection: '0x55f39099c520', timestamp: '2026-11-21T23:38:56.880953Z',
      style: 'full-pointer', lines: [11, 18],
    });
    expect(ds[0]?.text?.split('\n')[0]).toBe('SIP/2.0 403 Forbidden');
  });

  it('reads the 1.11–1.23 form without pointer', () => {
    const ds = dumpsInRecord(rec('', ['MESSAGE START >>>>>>>>>> SIP - 2016-09-28T14:46:44.383424Z', 'REGISTER sip:x SIP/2.0', 'CSeq: 1 REGISTER', '', 'MESSAGE END >>>>>>>>>> SIP - 2016-09-28T14:46:44.383424Z']));
    expect(ds[0]).toMatchObject({ direction: 'sent', style: 'full', timestamp: '2016-09-28T14:46:44.383424Z' });
    expect(ds[0]?.connection).toBeUndefined();
  });

  it('reads the 1.24+ one-line form (no body)', () => {
    const ds = dumpsInRecord(rec('MESSAGE <<<<<<<<<< SIP(0x558879d972b0)', []));
    expect(ds[0]).toMatchObject({ direction: 'received', connection: '0x558879d972b0', style: 'short-pointer' });
    expect(ds[0]?.text).toBeUndefined();
  });

  it('reads ≤1.10 sending / received dumps', () => {
    const sent = dumpsInRecord(rec('sending - Sat Apr  3 10:11:11 2010', ['######', 'REGISTER sip:corp.example SIP/2.0', 'CSeq: 1 REGISTER', '', '######']));
    expect(sent[0]).toMatchObject({ direction: 'sent', style: 'legacy', protocol: 'SIP' });
    expect(sent[0]?.text).toContain('CSeq: 1 REGISTER');
    const recv = dumpsInRecord(rec('received - Sat Apr  3 10:11:11 2010', ['######', 'SIP/2.0 401 Unauthorized', 'CSeq: 1 REGISTER', '', '#######']));
    expect(recv[0]).toMatchObject({ direction: 'received', style: 'legacy' });
  });

  it('keeps a dump whose END marker is missing (cut log)', () => {
    const ds = dumpsInRecord(rec('', ['MESSAGE START >>>>>>>>>> HTTP(0x1) - 2026-01-01T00:00:00Z', 'GET /?sipuri=a@b HTTP/1.1', 'Host: lyncdiscover.b']));
    expect(ds[0]).toMatchObject({ protocol: 'HTTP', incomplete: true });
  });
});

describe('repairWrappedHeaders', () => {
  it('joins a header line a mail client wrapped', () => {
    expect(repairWrappedHeaders(['REGISTER sip:x SIP/2.0', 'Contact: <sip:1.2.3.4>;proxy=replace;', '+sip.instance="<urn:uuid:1>"', 'CSeq: 1 REGISTER', '', 'body line'])).toBe(
      'REGISTER sip:x SIP/2.0\nContact: <sip:1.2.3.4>;proxy=replace;+sip.instance="<urn:uuid:1>"\nCSeq: 1 REGISTER\n\nbody line',
    );
  });
});
