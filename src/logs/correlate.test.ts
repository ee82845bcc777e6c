import { describe, expect, it } from 'vitest';
import { isOtherAccount, isSipeConnection, noteAccountConnecting, noteConnectionPointer, startSipeAttempt } from './correlate.js';
import { createLogState } from './recognizers/context.js';

describe('correlate', () => {
  it('numbers attempts across logins and ties the gc pointer to the SIPE account', () => {
    const st = createLogState('f', { n: 0 });
    noteAccountConnecting(st, 'bob@jabber.example/');
    noteConnectionPointer(st, '0xB');
    noteAccountConnecting(st, 'alice@corp.example,');
    noteConnectionPointer(st, '0xA');
    expect(startSipeAttempt(st, 'alice@corp.example,')).toBe('a1');
    expect(isSipeConnection(st, '0xA')).toBe(true);
    expect(isSipeConnection(st, '0xB')).toBe(false);
    expect(isOtherAccount(st, 'bob@jabber.example/')).toBe(true);
    noteAccountConnecting(st, 'alice@corp.example,');
    noteConnectionPointer(st, '0xC');
    expect(startSipeAttempt(st, 'alice@corp.example,')).toBe('a2');
    expect(isSipeConnection(st, '0xC')).toBe(true);
  });

  it('trusts an unannounced pointer only in a log with no other accounts', () => {
    const st = createLogState('f', { n: 0 });
    st.sipeSeen = true;
    expect(isSipeConnection(st, '0x9')).toBe(true);
    noteAccountConnecting(st, 'bob@jabber.example/');
    noteConnectionPointer(st, '0xB');
    expect(isSipeConnection(st, '0x9')).toBe(false);
  });
});
