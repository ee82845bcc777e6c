import { it } from 'vitest';
import { readLogLines } from './read.js';
import { parseLogSources } from './index.js';
import { loadTranslationCatalogs } from './i18n-load.js';
it('dump', async () => {
  const catalogs = await loadTranslationCatalogs();
  let out = '';
  for (const f of (process.env.F ?? '').split(',')) {
    const { bundle } = await parseLogSources([{ name: f, lines: readLogLines(f, { stdin: process.stdin }) }], { catalogs });
    out += `=== ${f}\n` + bundle.observations.filter((o) => !/transport.event|candidate|client.account|tls.handshake|tcp.connect/.test(o.kind + JSON.stringify(o.data).slice(0, 30))).map((o) => `${o.id} ${o.attempt ?? '-'} ${o.kind} ${JSON.stringify(o.data)}`).join('\n') + '\n' + JSON.stringify(bundle.parseStats) + '\n';
  }
  console.log(out);
}, 60000);
