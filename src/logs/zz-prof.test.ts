import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseLogSources } from './index.js';
import { Tokenizer } from './tokenize.js';
import { createLogState } from './recognizers/context.js';
import { recognizeAccount } from './recognizers/account.js';
import { recognizeDiscovery } from './recognizers/discovery.js';
import { recognizeTransport } from './recognizers/transport.js';
import { recognizeTls } from './recognizers/tls.js';
import { recognizeSipLines } from './recognizers/sip.js';
import { recognizeAuth } from './recognizers/auth.js';
import { recognizeWebTicket } from './recognizers/webticket.js';
import { recognizeClientError } from './recognizers/client-error.js';
it('prof', async () => {
  const sample = readFileSync('/work/main/fixtures/logs/sample-ua-blocked-403.log', 'utf8').split('\n');
  const noise = sample.filter((l) => l.includes('nss: Cipher') || l.includes('plugins: probing'));
  const N = 200_000;
  const tok = new Tokenizer('x'); const recs = [];
  for (let i = 0; i < 20000; i++) recs.push(...tok.push({ no: i, text: noise[i % noise.length]! }));
  const st = createLogState('x', { n: 0 });
  for (const [name, f] of Object.entries({ recognizeAccount, recognizeDiscovery, recognizeTransport, recognizeTls, recognizeSipLines, recognizeAuth, recognizeWebTicket, recognizeClientError })) {
    const t = Date.now(); for (let k = 0; k < 10; k++) for (const r of recs) f(r, st); console.log(name, Date.now() - t);
  }
  async function* gen() { for (let i = 0; i < N; i++) yield { no: i, text: noise[i % noise.length]! }; }
  let t = Date.now(); for await (const _ of gen()) { /* */ } console.log('gen', Date.now() - t);
  t = Date.now(); await parseLogSources([{ name: 'x', lines: gen() }]); console.log('full', Date.now() - t);
});
