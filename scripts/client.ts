/**
 * `npm run client -- --user alice@corp.example --server 127.0.0.1:5061 [--bodies] [--lang fr_FR.UTF-8] [--out LOG]`:
 * runs the real SIPE client (Debian's finch + pidgin-sipe) headless in a throw-away profile and writes its
 * debug log, as a user would attach it to a ticket. See src/client/runner.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AuthScheme, ClientProxy, ProxyType, Transport } from '../src/client/profile.js';
import { clientMissing, parseConnectionError, runClient, SIGNED_IN, type Terminal } from '../src/client/runner.js';

const USAGE = `usage: npm run client -- --user ADDRESS [options]
  --user ADDR          sign-in address (Pidgin's "Username")
  --login LOGIN        Pidgin's "Login" field (e.g. 'CORP\\alice'); default empty
  --password PW        password (default: $SIPE_CLIENT_PASSWORD, else the lab's Passw0rd!)
  --server HOST:PORT   Pidgin's Server[:Port]; default empty (SIPE auto-discovers via DNS)
  --transport T        auto | tls | tcp (default auto)
  --auth A             ntlm | krb5 | tls-dsk (default: SIPE's own choice)
  --useragent UA       Pidgin's User Agent field (default: SIPE's own)
  --proxy T:HOST:PORT  the account's proxy (T = http, socks4, socks5)
  --trust HOST=PEM     accept this certificate for HOST (repeatable); without it an untrusted certificate
                       leaves libpurple waiting at a dialog no one answers
  --bodies             PURPLE_UNSAFE_DEBUG=1: SIPE logs message bodies (default: off, as most users capture logs)
  --lang LOCALE        UI language, e.g. fr_FR.UTF-8 (the locale must exist; see --locale-dir)
  --locale-dir DIR     locales compiled with localedef into DIR (LOCPATH)
  --netns NAME         run inside an existing network namespace (root)
  --seconds N          the longest the client runs (default 15)
  --until REGEX        stop once the log matches (default: a connection error or a completed sign-in);
                       '' = run the full --seconds
  --preload SO         LD_PRELOAD this library into the client
  --terminal T         tmux | script (default: tmux when installed)
  --out FILE           write the debug log here (default: standard output)
  --accounts-out FILE  write accounts.xml as libpurple left it (holds <current_error>)`;

const TRANSPORTS: readonly Transport[] = ['auto', 'tls', 'tcp'];
const AUTHS: readonly AuthScheme[] = ['ntlm', 'krb5', 'tls-dsk', 'auto'];
const PROXIES: readonly ProxyType[] = ['http', 'socks4', 'socks5', 'socks4a', 'tor'];

function fail(msg: string): never {
  process.stderr.write(`client: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function proxyOf(v: string): ClientProxy {
  const m = /^([a-z0-9]+):(.+):(\d+)$/.exec(v);
  const type = m?.[1] as ProxyType | undefined;
  if (!m || !type || !PROXIES.includes(type)) fail(`--proxy wants TYPE:HOST:PORT with TYPE one of ${PROXIES.join(', ')}, got ${v}`);
  return { type, host: m[2] ?? '', port: Number(m[3]) };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        user: { type: 'string' }, login: { type: 'string' }, password: { type: 'string' }, server: { type: 'string' },
        transport: { type: 'string', default: 'auto' }, auth: { type: 'string' }, useragent: { type: 'string' },
        proxy: { type: 'string' }, trust: { type: 'string', multiple: true }, bodies: { type: 'boolean', default: false },
        lang: { type: 'string' }, 'locale-dir': { type: 'string' }, netns: { type: 'string' }, seconds: { type: 'string', default: '15' },
        until: { type: 'string' }, preload: { type: 'string' }, terminal: { type: 'string' }, out: { type: 'string' },
        'accounts-out': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!parsed.user) fail('--user is required');
  const transport = parsed.transport as Transport;
  if (!TRANSPORTS.includes(transport)) fail(`--transport must be one of ${TRANSPORTS.join(', ')}`);
  const auth = parsed.auth as AuthScheme | undefined;
  if (auth !== undefined && !AUTHS.includes(auth)) fail(`--auth must be one of ${AUTHS.join(', ')}`);
  const seconds = Number(parsed.seconds);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) fail('--seconds must be a number of seconds (1-600)');
  const terminal = parsed.terminal as Terminal | undefined;
  if (terminal !== undefined && terminal !== 'tmux' && terminal !== 'script') fail('--terminal must be tmux or script');
  const missing = clientMissing();
  if (missing) {
    process.stderr.write(`client: ${missing}\n`);
    return 3;
  }
  const trust = await Promise.all((parsed.trust ?? []).map(async (t) => {
    const eq = t.indexOf('=');
    if (eq <= 0) fail(`--trust wants HOST=PEM-FILE, got ${t}`);
    return { host: t.slice(0, eq), pem: await readFile(t.slice(eq + 1), 'utf8') };
  }));
  const r = await runClient({
    account: {
      user: parsed.user,
      password: parsed.password ?? process.env['SIPE_CLIENT_PASSWORD'] ?? 'Passw0rd!',
      transport,
      ...(parsed.login ? { login: parsed.login } : {}),
      ...(parsed.server ? { server: parsed.server } : {}),
      ...(auth ? { auth } : {}),
      ...(parsed.useragent ? { useragent: parsed.useragent } : {}),
      ...(parsed.proxy ? { proxy: proxyOf(parsed.proxy) } : {}),
    },
    trust,
    bodies: parsed.bodies ?? false,
    ...(parsed.lang ? { lang: parsed.lang } : {}),
    ...(parsed['locale-dir'] ? { localeDir: parsed['locale-dir'] } : {}),
    ...(parsed.netns ? { netns: parsed.netns } : {}),
    ...(parsed.preload ? { env: { LD_PRELOAD: parsed.preload } } : {}),
    ...(terminal ? { terminal } : {}),
    deadlineMs: seconds * 1000,
    ...(parsed.until !== undefined ? { until: parsed.until === '' ? null : new RegExp(parsed.until) } : {}),
  });
  if (parsed.out) await writeFile(parsed.out, r.log);
  else process.stdout.write(r.log);
  if (parsed['accounts-out']) await writeFile(parsed['accounts-out'], r.accountsXml, { mode: 0o600 });
  const text = r.log.toString('latin1');
  const err = parseConnectionError(text);
  const outcome = err
    ? `connection error (reason ${err.reason}): ${r.log.toString('utf8').match(/Connection error on \S+ \(reason: \d+ description: (.*)\)/)?.[1] ?? err.description}`
    : SIGNED_IN.test(text) ? 'signed in' : `no connection error and no sign-in (stopped: ${r.stoppedBy})`;
  process.stderr.write(`client: ${r.log.length} bytes of debug log in ${(r.durationMs / 1000).toFixed(1)} s; ${outcome}\n`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`client: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 3;
});
