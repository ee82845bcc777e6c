import { Chalk } from 'chalk';
import type { InstalledComponent } from '../evidence/kinds.js';
import { wrapParagraph } from './formatters/text.js';
import type { Finding, MachineSummary } from './types.js';
import type { EnvironmentData } from '../env/interpret.js';
import { assessXmlParser, type XmlParserAssessment } from '../env/known-broken.js';

/** What `sipe-doctor env --json` prints (schemaVersion 1; optional fields are omitted when unknown). */
export interface EnvReport {
  schemaVersion: 1;
  tool: { name: 'sipe-doctor'; version: string };
  generatedAt: string;
  environment: EnvironmentData;
  /** the libxml2 + pidgin-sipe decision behind `client-xml-parser-broken` */
  xmlParser: XmlParserAssessment;
  /** known-broken combinations: findings of the rules that read the environment */
  findings: readonly Finding[];
}

export function buildEnvReport(environment: EnvironmentData, findings: readonly Finding[], version: string, generatedAt: string): EnvReport {
  return { schemaVersion: 1, tool: { name: 'sipe-doctor', version }, generatedAt, environment, xmlParser: assessXmlParser(environment), findings };
}

/** The few facts of this machine's client that `check` shows above its report. */
export function summarizeMachine(env: EnvironmentData): MachineSummary {
  const version = (name: string, c: InstalledComponent | undefined): string | undefined =>
    c?.installed ? `${name} ${c.version ?? '(version unknown)'}` : c && !c.installed ? `${name} not installed` : undefined;
  const facts = [
    version('pidgin-sipe', env.sipe),
    version('libpurple', env.libpurple),
    version('libxml2', env.libxml2),
    ...(env.runningClients?.length ? [`${[...new Set(env.runningClients.map((r) => r.name))].join(', ')} running`] : []),
  ].filter((f): f is string => f !== undefined);
  const xml = assessXmlParser(env);
  return { facts, knownProblems: xml.status === 'broken' ? ['client-xml-parser-broken'] : [] };
}

type Mark = 'bad' | 'ok' | 'unknown';
interface Row {
  label: string;
  /** each value starts on its own line */
  values: string[];
  mark?: Mark;
}
interface Section {
  title: string;
  rows: Row[];
}

function componentText(c: InstalledComponent | undefined): string {
  if (!c) return 'unknown';
  if (!c.installed) return `not installed (${c.via})`;
  const from = c.via === 'dpkg' || c.via === 'rpm' ? `${c.via} package ${c.package ?? ''}`.trim() : c.via === 'version-output' ? '--version' : 'file';
  return `${c.version ?? 'version unknown'} (${from})`;
}

function list(values: readonly string[] | undefined, none: string): string {
  return values && values.length > 0 ? values.join(', ') : none;
}

function clientRows(e: EnvironmentData, xml: XmlParserAssessment): Row[] {
  const rows: Row[] = [
    { label: 'pidgin', values: [componentText(e.pidgin), ...(e.pidgin?.via !== 'dpkg' && e.pidgin?.via !== 'rpm' && e.pidgin?.path ? [e.pidgin.path] : [])] },
    { label: 'finch', values: [componentText(e.finch), ...(e.finch?.via !== 'dpkg' && e.finch?.via !== 'rpm' && e.finch?.path ? [e.finch.path] : [])] },
    { label: 'libpurple', values: [componentText(e.libpurple)] },
    { label: 'TLS plugin', values: [e.tlsPlugins === undefined ? 'unknown' : list(e.tlsPlugins, 'none found (libpurple cannot make TLS connections)')], ...(e.tlsPlugins?.length === 0 ? { mark: 'bad' as const } : {}) },
  ];
  const sipe = e.sipe;
  rows.push({
    label: 'pidgin-sipe',
    values: [componentText(sipe), ...(sipe?.path ? [`${sipe.path}${sipe.crypto ? `, crypto ${sipe.crypto === 'nss' ? 'NSS' : 'OpenSSL'}` : ''}`] : [])],
    ...(sipe && !sipe.installed ? { mark: 'bad' as const } : {}),
  });
  const verdict =
    xml.status === 'broken'
      ? `breaks pidgin-sipe ${xml.sipe}: SIPE cannot parse XML (client-xml-parser-broken)`
      : xml.status === 'not-known'
        ? `no known problem with SIPE: ${xml.reason}`
        : `not decided: ${xml.reason}`;
  rows.push({ label: 'libxml2', values: [componentText(e.libxml2), verdict], mark: xml.status === 'broken' ? 'bad' : xml.status === 'not-known' ? 'ok' : 'unknown' });
  return rows;
}

function profileRows(e: EnvironmentData): Row[] {
  const rows: Row[] = [];
  if (e.purpleDir) rows.push({ label: 'directory', values: [`${e.purpleDir.path} (${e.purpleDir.exists ? 'exists' : 'missing: Pidgin has not run for this user'})`] });
  const a = e.accountsXml;
  if (a) {
    const what = !a.exists
      ? 'not found'
      : a.problem !== undefined
        ? a.problem
        : `${a.sipeAccounts ?? 0} SIPE account${a.sipeAccounts === 1 ? '' : 's'} of ${a.accounts ?? 0}`;
    rows.push({ label: 'accounts.xml', values: [a.path, what], ...(a.exists && (a.problem !== undefined || a.sipeAccounts === 0) ? { mark: 'bad' as const } : {}) });
  }
  const running = e.runningClients;
  if (running === undefined) rows.push({ label: 'running', values: ['unknown on this platform'] });
  else if (running.length === 0) rows.push({ label: 'running', values: ['no Pidgin or Finch is running'] });
  else {
    rows.push({
      label: 'running',
      values: running.map((p) => {
        const dir = p.profileDir ? `${p.profileDir}${p.profileDirFrom === 'option' ? ' (-c)' : ' (default)'}` : 'profile unknown';
        return `${p.name} pid ${p.pid}${p.user ? ` of ${p.user}` : ''}: ${dir}`;
      }),
    });
  }
  return rows;
}

function networkRows(e: EnvironmentData): Row[] {
  const rows: Row[] = [];
  const r = e.resolver;
  if (r) {
    rows.push({ label: 'nameservers', values: [`${list(r.nameservers, 'none')} (${r.source})`], ...(r.nameservers.length === 0 ? { mark: 'bad' as const } : {}) });
    rows.push({ label: 'search', values: [list(r.search, 'none')] });
    for (const l of r.resolved ?? []) {
      rows.push({ label: `  ${l.link}`, values: [`DNS ${list(l.servers, 'none')}${l.domains.length ? `; domains ${l.domains.join(', ')}` : ''}`] });
    }
  } else {
    rows.push({ label: 'resolver', values: ['unknown'] });
  }
  const proxies = Object.entries(e.proxyVariables ?? {});
  rows.push({ label: 'proxy vars', values: proxies.length ? proxies.map(([k, v]) => `${k}=${v}`) : ['none set'] });
  if (e.interfaces) {
    const vpn = e.vpnInterfaces ?? [];
    rows.push({ label: 'interfaces', values: [e.interfaces.join(', '), vpn.length ? `VPN-looking: ${vpn.join(', ')}` : 'none looks like a VPN'] });
  }
  return rows;
}

function systemRows(e: EnvironmentData): Row[] {
  const os = e.os ?? {};
  const rows: Row[] = [
    { label: 'system', values: [[os.name ?? os.id, [e.platform, e.arch].filter(Boolean).join(' ')].filter(Boolean).join(', ') || 'unknown', ...(os.kernel ? [`kernel ${os.kernel}`] : [])] },
  ];
  if (e.user?.name !== undefined || e.user?.uid !== undefined) rows.push({ label: 'user', values: [`${e.user.name ?? '?'}${e.user.uid !== undefined ? ` (uid ${e.user.uid})` : ''}`] });
  if (e.locale) {
    const vars = Object.entries(e.locale.variables).map(([k, v]) => `${k}=${v}`);
    rows.push({ label: 'locale', values: [`${vars.length ? vars.join(' ') : 'no locale variables (C)'}`, `messages ${e.locale.messages}, charset ${e.locale.charset ?? 'not named'}`] });
  } else {
    rows.push({ label: 'locale', values: ['unknown'] });
  }
  if (e.clock) {
    const c = e.clock;
    rows.push({
      label: 'clock',
      values: [`${c.local}${c.timeZone ? ` (${c.timeZone})` : ''}`, c.offsetMs !== undefined ? `${c.offsetMs} ms against ${c.offsetAgainst ?? 'the server'}` : 'offset to the server: measured by `sipe-doctor check`'],
    });
  }
  return rows;
}

function sections(r: EnvReport): Section[] {
  const e = r.environment;
  return [
    { title: 'System', rows: systemRows(e) },
    { title: 'Client', rows: clientRows(e, r.xmlParser) },
    { title: 'Pidgin profile', rows: profileRows(e) },
    { title: 'Network', rows: networkRows(e) },
  ];
}

const LABEL_WIDTH = 14;

export interface EnvTextOptions {
  color: boolean;
  /** wrap column (default 80) */
  width?: number;
}

/** The terminal report: fits `width` columns, wraps between words only. Pure. */
export function formatEnvText(r: EnvReport, opts: EnvTextOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = opts.width ?? 80;
  const valueWidth = width - 2 - LABEL_WIDTH;
  const pad = ' '.repeat(2 + LABEL_WIDTH);
  const markOf = (m: Mark | undefined): string => (m === 'bad' ? c.red('✖ ') : m === 'ok' ? c.green('✔ ') : m === 'unknown' ? c.yellow('? ') : '');
  const out: string[] = [c.bold('sipe-doctor env: the machine Pidgin + SIPE run on'), ''];
  for (const s of sections(r)) {
    out.push(c.bold(s.title));
    for (const row of s.rows) {
      const lines: string[] = [];
      row.values.forEach((value, i) => {
        // the mark (✖ ✔ ?) leads the last value: the verdict line of a row
        const mark = i === row.values.length - 1 ? markOf(row.mark) : '';
        const markWidth = mark ? 2 : 0;
        wrapParagraph(value, valueWidth - markWidth).forEach((piece, k) => lines.push((k === 0 ? mark : ' '.repeat(markWidth)) + piece));
      });
      lines.forEach((l, k) => {
        // a path or list too long for the value column gets a line of its own, from column 4
        if (l.length > valueWidth) {
          if (k === 0) out.push(`  ${row.label}`);
          out.push(`    ${l.trimStart()}`);
        } else {
          out.push(`${k === 0 ? `  ${row.label.padEnd(LABEL_WIDTH)}` : pad}${l}`);
        }
      });
    }
    out.push('');
  }
  if (r.findings.length === 0) {
    out.push(`${c.green('✔')} No known-broken combination of client, plugin and libraries found.`);
  } else {
    out.push(c.bold('Known problems'));
    for (const f of r.findings) {
      out.push(...wrapParagraph(`${c.red('✖')} ${f.title} (${f.rootCause}, ${f.confidence})`, width - 2).map((l, i) => (i === 0 ? `  ${l}` : `    ${l}`)));
      out.push(...wrapParagraph(f.explanation, width - 4).map((l) => `    ${l}`));
      out.push(...wrapParagraph(`Fix: ${f.remediation.summary}`, width - 4).map((l) => `    ${l}`));
      f.remediation.steps.forEach((step, i) => out.push(...wrapParagraph(`${i + 1}. ${step}`, width - 7).map((l, k) => (k === 0 ? `    ${l}` : `       ${l}`))));
      out.push(`    More: sipe-doctor rules explain ${f.ruleId}`);
    }
  }
  const unknown = r.environment.unknown ?? [];
  if (unknown.length > 0) {
    out.push('', c.bold('Not determined'));
    for (const u of unknown) out.push(...wrapParagraph(u, width - 4).map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));
  }
  return `${out.join('\n')}\n`;
}

const md = (s: string): string => s.replace(/([\\`*_[\]|<>])/g, '\\$1');

/** For a ticket: the same sections as Markdown lists. Never coloured. Pure. */
export function formatEnvMarkdown(r: EnvReport): string {
  const out: string[] = ['# sipe-doctor env', '', `sipe-doctor ${r.tool.version}, ${r.generatedAt}`, ''];
  for (const s of sections(r)) {
    out.push(`## ${s.title}`, '');
    for (const row of s.rows) {
      const mark = row.mark === 'bad' ? '✖ ' : row.mark === 'ok' ? '✔ ' : row.mark === 'unknown' ? '? ' : '';
      out.push(`- **${md(row.label.trim())}:** ${mark}${row.values.map(md).join('; ')}`);
    }
    out.push('');
  }
  out.push('## Known problems', '');
  if (r.findings.length === 0) out.push('None: no known-broken combination of client, plugin and libraries found.', '');
  for (const f of r.findings) {
    out.push(`**✖ ${md(f.title)}** (\`${f.rootCause}\`, ${f.confidence})`, '', md(f.explanation), '', `Fix: ${md(f.remediation.summary)}`, '');
    f.remediation.steps.forEach((step, i) => out.push(`${i + 1}. ${md(step)}`));
    out.push('', `More: \`sipe-doctor rules explain ${f.ruleId}\``, '');
  }
  const unknown = r.environment.unknown ?? [];
  if (unknown.length > 0) out.push('## Not determined', '', ...unknown.map((u) => `- ${md(u)}`), '');
  return `${out.join('\n')}`;
}
