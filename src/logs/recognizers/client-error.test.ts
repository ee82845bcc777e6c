import { describe, expect, it } from "vitest";
import type { Observation } from "../../evidence/kinds.js";
import { parseLogSources } from "../index.js";

async function parse(lines: string[]): Promise<readonly Observation[]> {
  async function* gen() { let no = 0; for (const text of lines) yield { no: ++no, text }; }
  return (await parseLogSources([{ name: "t.log", lines: gen() }])).bundle.observations;
}
const data = (obs: readonly Observation[], kind: Observation["kind"]) => obs.filter((o) => o.kind === kind).map((o) => o.data);
const LOGIN = ["(00:08:07) account: Connecting to account alice@corp.example,.", "(00:08:07) connection: Connecting. gc = 0x5621c31ad630", "(00:08:07) sipe: sipe_purple_login: username 'alice@corp.example,'"];

describe('client error recognizer', () => {
  it('reads reason and description (real line)', async () => {
    const obs = await parse([...LOGIN, '(00:08:07) connection: Connection error on 0x5621c31ad630 (reason: 0 description: SSL Connection Failed)']);
    expect(data(obs, 'client.error')).toEqual([{ reason: 0, description: 'SSL Connection Failed', english: 'SSL Connection Failed', translated: false }]);
  });

  it('keeps a description that runs over several lines', async () => {
    const obs = await parse([...LOGIN,
      '(09:30:03) connection: Connection error on 0x5621c31ad630 (reason: 2 description: Web ticket request to https://pool/CertProv/CertProvisioningService.svc failed',
      '(The entered and stored passwords do not match.))']);
    expect(data(obs, 'client.error')[0]).toMatchObject({
      reason: 2, description: 'Web ticket request to https://pool/CertProv/CertProvisioningService.svc failed\n(The entered and stored passwords do not match.)',
    });
    // without catalogs too: SIPE's English msgids are known (src/protocol/sipe-error-texts.ts)
    expect(data(obs, 'webticket.result')).toEqual([expect.objectContaining({ stage: 'webticket' })]);
  });

  it('ignores errors of other accounts’ connections', async () => {
    const obs = await parse(['(10:20:00) account: Connecting to account bob@jabber.example/.', '(10:20:00) connection: Connecting. gc = 0x55aa00001111',
      ...LOGIN, '(10:20:01) connection: Connection error on 0x55aa00001111 (reason: 0 description: Connection refused)']);
    expect(data(obs, 'client.error')).toEqual([]);
  });

  it('accepts an error of an unannounced connection in a SIPE-only log (starts mid-session)', async () => {
    const obs = await parse(['(10:00:00) sipe: sip_transport_drop: \'a:5061\'(0x1)', '(10:00:00) connection: Connection error on 0x99 (reason: 0 description: Read error)']);
    expect(data(obs, 'client.error')).toEqual([{ reason: 0, description: 'Read error', english: 'Read error', translated: false }]);
  });
});
