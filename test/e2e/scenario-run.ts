/**
 * One real-client run against one lab scenario, shared by the e2e suite and `npm run fixtures:record`.
 * Scenarios the client reaches with a Server field and a pinned certificate run against an in-process lab on
 * the host loopback; the others (auto-discovery, web tickets, certificate checks) run in a network namespace
 * where the lab owns DNS port 53 and HTTPS 443 and its CA is the system's trusted authority.
 */
import { startLab } from '../../src/lab/index.js';
import { labClientOptions, runSipeClient, type SipeClientOptions, type SipeClientRun } from '../../src/lab/sip/sipe-client.js';
import type { Scenario } from '../../src/lab/types.js';
import { runOptionsFor } from './expectations.js';
import { startLabProcess } from './lab-process.js';
import type { LabNamespace } from './netns.js';
import { xmlShim, xmlShimMissing } from './xml-shim.js';

/** Why a scenario needs a namespace (undefined = plain loopback is enough). */
export function namespaceReason(s: Scenario): string | undefined {
  if (s.client.server === 'blank') return 'auto-discovery: SIPE must resolve the SIP domain through the lab DNS';
  if (s.sip.authSchemes.includes('TLS-DSK') && s.client.auth !== 'ntlm') return 'TLS-DSK: SIPE fetches web tickets from lab web hosts by name';
  if (s.sip.cert !== 'valid') return "certificate check: the lab CA must be a system-trusted authority and the client's certificate dialog goes unanswered";
  return undefined;
}

/** Why a scenario's outcome depends on SIPE parsing XML (autodiscover documents, web-ticket SOAP). */
export function xmlReason(s: Scenario): string | undefined {
  if (s.sip.authSchemes.includes('TLS-DSK') && s.client.auth !== 'ntlm') return 'TLS-DSK: SIPE parses the web-ticket metadata and SOAP answers';
  if (s.client.server === 'blank') return 'auto-discovery: SIPE parses the autodiscover documents';
  return undefined;
}

/** Why a scenario cannot run here (its namespace or the XML shim is missing), or undefined. */
export function scenarioSkipReason(s: Scenario, nsMissing: string | undefined): string | undefined {
  const ns = namespaceReason(s);
  if (ns && nsMissing) return `${ns}; ${nsMissing}`;
  const xml = xmlReason(s);
  const shim = xml ? xmlShimMissing() : undefined;
  if (xml && shim) return `${xml}; ${shim}`;
  return undefined;
}

export interface ScenarioRun {
  run: SipeClientRun;
  options: SipeClientOptions;
  mode: 'loopback' | 'netns';
  /** the lab's stderr (namespace runs) */
  labStderr: string;
}

/** A lab started for one scenario (in-process on loopback, or a lab process in a namespace), ready for client runs. */
export interface ScenarioLab {
  mode: 'loopback' | 'netns';
  /** the client settings for this lab: the scenario's own, then `client` */
  options(client?: Partial<SipeClientOptions>): SipeClientOptions;
  /** the lab's stderr (namespace runs) */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * The libxml2 shim (xml-shim.ts) is preloaded through each run's own environment, so several runs may go on at once.
 */
function scenarioExtras(s: Scenario, client: Partial<SipeClientOptions>): Partial<SipeClientOptions> {
  const so = xmlShim();
  return { ...runOptionsFor(s.name), ...client, ...(so ? { env: { LD_PRELOAD: so, ...client.env } } : {}) };
}

export async function startScenarioLab(s: Scenario, ns?: LabNamespace): Promise<ScenarioLab> {
  if (namespaceReason(s) === undefined || !ns) {
    const lab = await startLab({ scenario: s.name });
    return {
      mode: 'loopback',
      options: (client = {}) => ({ ...labClientOptions(lab, s), ...scenarioExtras(s, client) }),
      stderr: () => '',
      stop: () => lab.stop(),
    };
  }
  const lab = await startLabProcess(ns.name, s.name);
  try {
    await ns.trustCa(lab.info.caFile);
  } catch (e) {
    await lab.stop();
    throw e;
  }
  return {
    mode: 'netns',
    options: (client = {}) => ({
      user: lab.info.user,
      ...(lab.info.login ? { login: lab.info.login } : {}),
      password: lab.info.password,
      server: lab.info.pidgin.server,
      transport: s.client.transport,
      auth: s.client.auth,
      netns: ns.name,
      seconds: 12,
      ...scenarioExtras(s, client),
    }),
    stderr: () => lab.stderr(),
    stop: () => lab.stop(),
  };
}

/** One client run against a lab started for it. `client` adds or overrides client settings (bodies, UI language, …). */
export async function runScenario(s: Scenario, ns?: LabNamespace, client: Partial<SipeClientOptions> = {}): Promise<ScenarioRun> {
  const lab = await startScenarioLab(s, ns);
  try {
    return await runOnLab(lab, client);
  } finally {
    await lab.stop();
  }
}

export async function runOnLab(lab: ScenarioLab, client: Partial<SipeClientOptions> = {}): Promise<ScenarioRun> {
  const options = lab.options(client);
  return { run: await runSipeClient(options), options, mode: lab.mode, labStderr: lab.stderr() };
}
