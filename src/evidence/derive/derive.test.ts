import { describe, expect, it } from 'vitest';
import { ev, inAttempt } from '../../../test/helpers/evidence.js';
import { createEvidenceSet, UndeclaredKindError } from '../set.js';
import { accountOf, defineView, derive, progressOf, timelineOf } from './index.js';

describe('derived views', () => {
  it('are computed once per evidence set, whoever asks, and frozen', () => {
    let runs = 0;
    const counting = defineView({ id: 'count', requires: ['client.account'], compute: (e) => { runs += 1; return { n: e.all('client.account').length }; } });
    const set = createEvidenceSet([ev.account(), ev.tcp()]);
    const a = derive(counting, set.narrow(['client.account', 'tcp.connect']));
    const b = derive(counting, set.narrow(['client.account']));
    expect(a).toBe(b);
    expect(runs).toBe(1);
    expect(Object.isFrozen(a)).toBe(true);
    derive(counting, createEvidenceSet([ev.account()]));
    expect(runs).toBe(2);
  });

  it('a caller must declare the kinds a view requires', () => {
    const set = createEvidenceSet([ev.account({ server: 'Pool01.corp.example:443' })]);
    expect(() => accountOf(set.narrow(['tcp.connect']))).toThrow(UndeclaredKindError);
    expect(() => accountOf(set.narrow(['tcp.connect']))).toThrow(/derived view 'account'/);
    expect(accountOf(set.narrow(['client.account']))).toMatchObject({ signinName: 'alice@corp.example', domain: 'corp.example', serverHost: 'Pool01.corp.example', serverPort: 443 });
  });

  it('a view reads an optional kind only when the caller declared it', () => {
    const refused = ev.tcp({ outcome: 'refused' });
    const set = createEvidenceSet([refused, ev.tcp({ host: 'pool02.corp.example' })]);
    expect(progressOf(set.narrow(['tcp.connect'])).progressedAfter(refused)).toBe(true);
    expect(progressOf(set.narrow(['tls.handshake'])).progressedAfter(refused)).toBe(false);
  });

  it('progress: signed in, the furthest step, later successes', () => {
    const dns = ev.dns({ outcome: 'nxdomain' });
    const set = createEvidenceSet([dns, ev.tcp(), ev.tls(), ev.register({ status: 401 }), ev.register({ status: 200 })]);
    const p = progressOf(set);
    expect(p).toMatchObject({ signedIn: true, furthestStep: 'auth' });
    expect(p.progressedAfter(dns)).toBe(true);
    expect(progressOf(createEvidenceSet([ev.tcp(), ev.tls({ outcome: 'alert' })]))).toMatchObject({ signedIn: false, furthestStep: 'network' });
  });

  it('the same attempt set serves rules and the verdict, so its views are shared', () => {
    const set = createEvidenceSet([...inAttempt('a1', [ev.account()]), ...inAttempt('a2', [ev.account({ server: 'x:1' }), ev.tcp()])]);
    expect(set.forAttempt('a2')).toBe(set.forAttempt('a2'));
    expect(timelineOf(set.forAttempt('a2'))).toBe(timelineOf(set.forAttempt('a2')));
    expect(timelineOf(set.forAttempt('a2')).map((t) => [t.step, t.status])).toEqual([['client', 'info'], ['network', 'ok']]);
    expect(accountOf(set.forAttempt('a2')).server).toBe('x:1');
  });
});
