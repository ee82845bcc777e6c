/**
 * `sipe-doctor lab`: runs a simulated Lync / Skype for Business deployment on loopback in the
 * foreground (until Ctrl-C) and prints what to type into Pidgin and how to run `check` against it.
 */
import type { Argv } from 'yargs';
import type { CommandFactory } from '../command.js';
import { SipeDoctorError, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { SCENARIOS, SCENARIO_NAMES, startLab, type LabHandle } from '../../lab/index.js';
import type { LabPorts } from '../../lab/types.js';
import { shellLines } from '../shell-lines.js';
import { fitToWidth } from '../../report/formatters/wrap.js';
import { plainFormat, withPlainOutputOptions, writePlainOutput, type PlainOutputArgs } from '../report-output.js';

export interface LabArgs extends PlainOutputArgs {
  scenario: string;
  list?: boolean | undefined;
  dnsPort?: number | undefined;
  sipPort?: number | undefined;
  sipTcpPort?: number | undefined;
  httpsPort?: number | undefined;
  httpPort?: number | undefined;
}

const CONNECTION_TYPE = { auto: 'Auto', tls: 'SSL/TLS', tcp: 'TCP' } as const;
const AUTH_SCHEME = { auto: 'Auto', ntlm: 'NTLM', 'tls-dsk': 'TLS-DSK', krb5: 'Kerberos' } as const;

/** The one-line JSON `lab --json` prints (scripts and the e2e suite read it). */
export function labJson(lab: LabHandle): Record<string, unknown> {
  const s = lab.definition;
  return {
    scenario: lab.scenario,
    rootCause: s.expectedRootCause,
    description: s.description,
    domain: lab.domain,
    user: lab.user,
    login: s.client.login ?? '',
    password: lab.clientPassword,
    serverPassword: lab.password,
    caFile: lab.caFile,
    sipCertFile: lab.sipCertFile,
    dns: `${lab.dns.host}:${lab.dns.port}`,
    sip: lab.sip,
    https: lab.https,
    http: lab.http,
    pidgin: {
      username: lab.user,
      login: s.client.login ?? '',
      password: lab.clientPassword,
      server: lab.pidginServer,
      connectionType: CONNECTION_TYPE[s.client.transport],
      authentication: AUTH_SCHEME[s.client.auth],
    },
    checkArgs: lab.checkArgs,
    env: lab.checkEnv,
    sipeShows: s.sipeShows,
  };
}

function shellQuote(a: string): string {
  return /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** The human-readable start-up text. */
export function labText(lab: LabHandle, width = 80): string {
  const s = lab.definition;
  const c = s.client;
  const pad = (k: string): string => `  ${k.padEnd(24)}`;
  const sip = [lab.sip.tls !== undefined ? `TLS ${lab.sip.tls}` : '', lab.sip.tcp !== undefined ? `TCP ${lab.sip.tcp}` : ''].filter(Boolean).join(', ');
  const server = lab.pidginServer || '(leave empty: auto-discovery; needs the lab DNS as the system resolver, see below)';
  const lines = [
    `sipe-doctor lab: scenario '${lab.scenario}'${s.expectedRootCause ? ` (root cause: ${s.expectedRootCause})` : ' (no problem)'}`,
    `  ${s.description}`,
    '',
    'Servers (loopback):',
    `${pad('DNS (UDP+TCP)')}${lab.dns.host}:${lab.dns.port}   authoritative for ${lab.domain}`,
    `${pad('SIP registrar')}${sip}`,
    `${pad('HTTPS / HTTP')}${lab.https} / ${lab.http}   (lyncdiscover.${lab.domain}, lyncweb.${lab.domain})`,
    `${pad('Lab CA certificate')}${lab.caFile}`,
    `${pad('SIP server certificate')}${lab.sipCertFile}`,
    '',
    'Pidgin account (Protocol: Office Communicator):',
    `${pad('Username')}${lab.user}`,
    `${pad('Login')}${c.login ?? '(leave empty)'}`,
    `${pad('Password')}${lab.clientPassword}${lab.clientPassword !== lab.password ? `   (deliberately wrong; the server expects ${lab.password})` : ''}`,
    `${pad('Server[:Port]')}${server}`,
    `${pad('Connection type')}${CONNECTION_TYPE[c.transport]}`,
    `${pad('Authentication scheme')}${AUTH_SCHEME[c.auth]}`,
    `${pad('SIPE should show')}${s.sipeShows}`,
    '',
    'Diagnose it:',
    ...shellLines(`${Object.entries(lab.checkEnv).map(([k, v]) => `${k}=${shellQuote(v)} `).join('')}sipe-doctor check ${lab.checkArgs.map(shellQuote).join(' ')}`, width),
    '',
    'Real client (finch + pidgin-sipe, headless; from a clone of sipe-doctor):',
    ...shellLines(
      `npm run client -- --user ${lab.user}${c.login ? ` --login ${shellQuote(c.login)}` : ''} --password ${shellQuote(lab.clientPassword)}` +
        `${lab.pidginServer ? ` --server ${lab.pidginServer}` : ''} --transport ${c.transport}${c.auth === 'auto' ? '' : ` --auth ${c.auth}`}` +
        ` --trust 127.0.0.1=${lab.sipCertFile} --bodies --out /tmp/${lab.scenario}.log`,
      width,
    ),
    '',
    'Ctrl-C stops the lab.',
    '',
  ];
  return fitToWidth(lines.join('\n'), width);
}

/** name, root cause, then the description on the same line when it fits, else indented below. */
function listText(rows: readonly { name: string; rootCause: string | null | undefined; description: string }[], width: number): string {
  const w = Math.max(...rows.map((r) => r.name.length));
  const out: string[] = [];
  for (const r of rows) {
    const head = `${r.name.padEnd(w)}  ${r.rootCause ?? '(healthy)'}`;
    out.push(head);
    let line = '    ';
    for (const word of r.description.split(' ')) {
      if (line.trim() !== '' && line.length + 1 + word.length > width) {
        out.push(line);
        line = '    ';
      }
      line = line.trim() === '' ? `    ${word}` : `${line} ${word}`;
    }
    out.push(line);
  }
  return `${out.join('\n')}\n`;
}

function port(v: number | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < 1 || v > 65535) throw new UsageError(`${flag} must be a port number (1-65535), got ${String(v)}`);
  return v;
}

export async function runLab(args: LabArgs, io: CliIo): Promise<number> {
  const json = plainFormat(args, 'text') === 'json';
  if (args.list) {
    const rows = SCENARIOS.map((s) => ({ name: s.name, rootCause: s.expectedRootCause, description: s.description }));
    await writePlainOutput(json ? `${JSON.stringify(rows)}\n` : listText(rows, io.columns ?? 80), args, io, 'scenario list');
    return 0;
  }
  if (!SCENARIO_NAMES.includes(args.scenario)) {
    throw new UsageError(`unknown scenario '${args.scenario}'.`, 'Run `sipe-doctor lab --list` to see the scenarios.');
  }
  const ports: LabPorts = {};
  const set = (k: keyof LabPorts, v: number | undefined): void => { if (v !== undefined) ports[k] = v; };
  set('dns', port(args.dnsPort, '--dns-port'));
  set('sipTls', port(args.sipPort, '--sip-port'));
  set('sipTcp', port(args.sipTcpPort, '--sip-tcp-port'));
  set('https', port(args.httpsPort, '--https-port'));
  set('http', port(args.httpPort, '--http-port'));

  let lab: LabHandle;
  try {
    lab = await startLab({ scenario: args.scenario, ports });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES') {
      throw new SipeDoctorError('E_USAGE', `cannot start the lab: ${e.message}`, { hint: 'Choose other ports, or leave the port flags out for random ones.', cause: err });
    }
    throw err;
  }
  await writePlainOutput(json ? `${JSON.stringify(labJson(lab))}\n` : labText(lab, io.columns ?? 80), args, io, 'lab settings');
  // foreground until Ctrl-C; without an interrupt source (embedded use) stop at once
  await new Promise<void>((resolve) => {
    const unsubscribe = io.onInterrupt?.(() => {
      unsubscribe?.();
      resolve();
    });
    if (!unsubscribe) resolve();
  });
  await lab.stop();
  if (!json) io.stderr.write('sipe-doctor lab: stopped\n');
  return 0;
}

export const labCommand: CommandFactory = (io) => ({
  command: 'lab',
  describe: 'run a simulated Lync/Skype for Business server on loopback (for training, demos and tests)',
  builder: (y: Argv) =>
    withPlainOutputOptions(y, ['text', 'json'])
      .option('scenario', { type: 'string', default: 'healthy', describe: 'which problem the lab reproduces (see --list)', requiresArg: true })
      .option('list', { type: 'boolean', describe: 'list the scenarios and exit' })
      .option('dns-port', { type: 'number', describe: 'DNS port (UDP and TCP; default random)', requiresArg: true, group: 'Ports:' })
      .option('sip-port', { type: 'number', describe: 'SIP TLS port (default random)', requiresArg: true, group: 'Ports:' })
      .option('sip-tcp-port', { type: 'number', describe: 'SIP TCP port (default random)', requiresArg: true, group: 'Ports:' })
      .option('https-port', { type: 'number', describe: 'HTTPS port (default random)', requiresArg: true, group: 'Ports:' })
      .option('http-port', { type: 'number', describe: 'HTTP port (default random)', requiresArg: true, group: 'Ports:' }),
  examples: [
    ['sipe-doctor lab --list', 'the scenarios, each reproducing one sign-in problem'],
    ['sipe-doctor lab --scenario client-version-blocked', 'run a server that blocks SIPE\'s client version; point Pidgin at it'],
    ['sipe-doctor lab --scenario tls-certificate-expired --json', 'machine-readable ports, user and check arguments'],
  ],
  handler: (argv: LabArgs) => runLab(argv, io),
});
