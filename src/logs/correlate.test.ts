import { describe, expect, it } from 'vitest';
import { AccountCorrelation, AttemptCounter } from './correlate.js';

describe('correlate', () => {
  it('numbers attempts across logins and ties the gc pointer to the SIPE account', () => {
    const st = new AccountCorrelation(new AttemptCounter());
    st.accountConnecting('bob@jabber.example/');
    st.connectionPointer('0xB');
    st.accountConnecting('alice@corp.example,');
    st.connectionPointer('0xA');
    expect(st.startAttempt('alice@corp.example,')).toBe('a1');
    expect(st.isSipeConnection('0xA')).toBe(true);
    expect(st.isSipeConnection('0xB')).toBe(false);
    expect(st.isOtherAccount('bob@jabber.example/')).toBe(true);
    st.accountConnecting('alice@corp.example,');
    st.connectionPointer('0xC');
    expect(st.startAttempt('alice@corp.example,')).toBe('a2');
    expect(st.isSipeConnection('0xC')).toBe(true);
  });

  it('trusts an unannounced pointer only in a log with no other accounts', () => {
    const st = new AccountCorrelation(new AttemptCounter());
    st.sipeLine();
    expect(st.isSipeConnection('0x9')).toBe(true);
    st.accountConnecting('bob@jabber.example/');
    st.connectionPointer('0xB');
    expect(st.isSipeConnection('0x9')).toBe(false);
  });

  it('numbers attempts across the files of one analysis', () => {
    const attempts = new AttemptCounter();
    expect(new AccountCorrelation(attempts).startAttempt('alice@corp.example,')).toBe('a1');
    expect(new AccountCorrelation(attempts).startAttempt('alice@corp.example,')).toBe('a2');
    expect(attempts.count).toBe(2);
  });
});
