import { describe, expect, it } from 'vitest';
import { ev } from '../../test/helpers/evidence.js';
import { buildTimeline } from './timeline.js';

describe('buildTimeline', () => {
  it('labels each observation, marks failures and sets ladder peers', () => {
    const nx = ev.dns({ name: 'lyncdiscover.corp.example', type: 'A', outcome: 'nxdomain' });
    const srv = ev.srv('_sipinternaltls._tcp.corp.example', [{ target: 'pool01.corp.example', port: 5061 }]);
    const reg = ev.register({ status: 403, warnings: [{ code: 399, agent: 'fe', text: 'old client' }] });
    const t = buildTimeline([nx, srv, ev.tcp(), reg, ev.clientError({ description: 'You have been rejected by the server: old client' })], new Set());
    expect(t.map((e) => [e.step, e.status, e.peer])).toEqual([
      ['dns', 'info', 'dns'], ['dns', 'ok', 'dns'], ['network', 'ok', 'pool01.corp.example:5061'], ['register', 'fail', 'pool01.corp.example:5061'], ['client', 'fail', undefined],
    ]);
    expect(t[0]?.label).toBe('DNS A lyncdiscover.corp.example → NXDOMAIN');
    expect(t[3]?.label).toBe('REGISTER to pool01.corp.example:5061 → 403 Forbidden; Warning 399 "old client"');
    expect(buildTimeline([nx], new Set([nx.id]))[0]?.status).toBe('fail');
  });
});
