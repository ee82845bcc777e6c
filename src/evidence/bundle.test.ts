import { describe, expect, it } from 'vitest';
import { BundleError, parseBundle } from './bundle.js';

const obs = (kind: string, data: object, id = 'o1') => ({ id, kind, source: { type: 'probe', probe: 'check' }, data });

describe('parseBundle', () => {
  it("reads check's User-Agent tests of older bundles (sip.register + uaProbe) as sip.user-agent-test", () => {
    const b = parseBundle({
      schemaVersion: 1, mode: 'live', probeErrors: [],
      observations: [
        obs('sip.register', { status: 403, outcome: 'rejected', userAgent: 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)' }, 'o1'),
        obs('sip.register', { status: 401, outcome: 'challenged', userAgent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)', registrar: 'fe:5061', uaProbe: true, requestUri: 'sip:corp.example' }, 'o2'),
      ],
    });
    expect(b.observations.map((o) => o.kind)).toEqual(['sip.register', 'sip.user-agent-test']);
    expect(b.observations[1]).toMatchObject({ id: 'o2', data: { status: 401, outcome: 'challenged', registrar: 'fe:5061', userAgent: 'UCCAPI/15.0.4420.1017 OC/15.0.4420.1017 (Microsoft Lync)' } });
    expect(b.observations[1]?.data).not.toHaveProperty('uaProbe');
  });

  it('refuses unknown kinds and versions', () => {
    expect(() => parseBundle({ schemaVersion: 2, mode: 'live', observations: [] })).toThrow(BundleError);
    expect(() => parseBundle({ schemaVersion: 1, mode: 'live', observations: [obs('nope', {})] })).toThrow(/unknown kind/);
  });
});
