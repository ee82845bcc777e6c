/**
 * `npm run fixtures:record [scenario …]`: runs the real SIPE client against each lab scenario and stores its
 * debug log as fixtures/lab/<scenario>.log, with fixtures/lab/<scenario>.md saying how, when and with which
 * SIPE it was made and which root cause the log should lead to, and fixtures/lab/<scenario>.accounts.xml
 * (the account file of the same run). Scenarios that need the lab DNS / a trusted lab CA run in a network
 * namespace (root only; skipped otherwise). fixtures/lab/manifest.json lists every log with its scenario and
 * expected root cause (other tests iterate over it).
 * The logs are raw (as a user attaches them): the secrets in them are the lab's dummy password and tokens.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SCENARIOS, findScenario } from '../src/lab/index.js';
import { sipeClientMissing } from '../src/lab/sip/sipe-client.js';
import { compiledCliMissing } from '../test/e2e/lab-process.js';
import { createLabNamespace, netnsSkipReason, type LabNamespace } from '../test/e2e/netns.js';
import { namespaceReason, runScenario, xmlReason } from '../test/e2e/scenario-run.js';
import { xmlShim, xmlShimMissing } from '../test/e2e/xml-shim.js';

const OUT_DIR = resolve(process.env['FIXTURES_DIR'] ?? 'fixtures/lab');

function sipeVersion(log: string): string {
  return /sipe_core_allocate: SIPE version (\S+)/.exec(log)?.[1] ?? 'unknown';
}

interface ManifestEntry {
  file: string;
  scenario: string;
  expectedRootCause: string | null;
}

/** Every <scenario>.log in the directory whose name is a lab scenario, sorted by the scenario order. */
async function writeManifest(dir: string): Promise<ManifestEntry[]> {
  const files = new Set((await readdir(dir)).filter((f) => f.endsWith('.log')));
  const entries = SCENARIOS.filter((s) => files.has(`${s.name}.log`))
    .map((s) => ({ file: `${s.name}.log`, scenario: s.name, expectedRootCause: s.expectedRootCause }));
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(entries, null, 2)}\n`);
  return entries;
}

async function main(argv: string[]): Promise<number> {
  const missing = sipeClientMissing();
  if (missing) {
    process.stderr.write(`fixtures:record: ${missing}\n`);
    return 2;
  }
  const unknown = argv.filter((n) => !findScenario(n));
  if (unknown.length) {
    process.stderr.write(`fixtures:record: unknown scenario(s): ${unknown.join(', ')}\n`);
    return 2;
  }
  const wanted = argv.length ? SCENARIOS.filter((s) => argv.includes(s.name)) : SCENARIOS;
  await mkdir(OUT_DIR, { recursive: true });
  const nsMissing = netnsSkipReason() ?? compiledCliMissing();
  let ns: LabNamespace | undefined;
  const cleanup = (): void => { void ns?.destroy(); };
  process.once('SIGINT', cleanup);
  let failures = 0;
  try {
    for (const s of wanted) {
      const needs = namespaceReason(s);
      if (needs && nsMissing) {
        process.stdout.write(`skip  ${s.name}: ${needs}; ${nsMissing}\n`);
        continue;
      }
      const xml = xmlReason(s);
      const shimMissing = xml ? xmlShimMissing() : undefined;
      if (xml && shimMissing) {
        process.stdout.write(`skip  ${s.name}: ${xml}; ${shimMissing}\n`);
        continue;
      }
      if (needs) ns ??= await createLabNamespace();
      const { run, options, mode } = await runScenario(s, ns);
      if (!/SIPE version/.test(run.log)) {
        failures++;
        process.stdout.write(`FAIL  ${s.name}: the client wrote no log\n`);
        continue;
      }
      const logName = `${s.name}.log`;
      const command = run.command.map((a, i) => (run.command[i - 1] === '--out' ? join('fixtures/lab', logName) : a))
        .map((a) => (a === '' || /[\s"'\\()|]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
      const outcome = run.connectionError
        ? `Connection error (reason: ${run.connectionError.reason} description: ${run.connectionError.description})`
        : run.signedIn ? 'signed in (authentication handshake completed successfully)' : `no connection error within ${options.seconds} s`;
      const where = mode === 'netns'
        ? `\`sipe-doctor lab --scenario ${s.name} --json --dns-port 53 --https-port 443 --http-port 80\` inside a network namespace ` +
          '(`ip netns exec`; resolv.conf = the lab DNS on 127.0.0.1:53; /etc/ssl/certs = the lab root CA only, so libpurple trusts the lab CA like an enterprise CA)'
        : `\`startLab({scenario: '${s.name}'})\` on 127.0.0.1 (random ports; the SIP certificate pinned for 127.0.0.1 with --trust)`;
      const md = [
        `# ${logName}`,
        '',
        `- Scenario: \`${s.name}\` — ${s.description}`,
        `- Expected root cause: ${s.expectedRootCause === null ? 'none (signs in)' : `\`${s.expectedRootCause}\``}`,
        `- What SIPE showed: ${outcome}`,
        `- Recorded: ${new Date().toISOString()} with pidgin-sipe ${sipeVersion(run.log)} (Debian, finch -d, PURPLE_UNSAFE_DEBUG=1)`,
        `- Lab: ${where}; the port numbers and temp paths in the log are that run's`,
        `- Command: \`${command}\` (password: the scenario's client password, a lab dummy)` +
          (xmlShim() ? '; the client ran with `LD_PRELOAD` of fixtures/lab/saxfix.c (Debian 12 libxml2 otherwise breaks SIPE\'s XML parser, see NOTES.md)' : ''),
        '- Re-record: `npm run fixtures:record -- ' + s.name + '` (as root for namespace scenarios)',
        '- Secrets: the log is raw as a user would attach it; password, NTLM tokens and signatures in it belong to the lab only.',
        '',
      ].join('\n');
      await writeFile(join(OUT_DIR, logName), run.log);
      await writeFile(join(OUT_DIR, `${s.name}.md`), md);
      // the account file of the same run (libpurple's <current_error>); mode 0600 like libpurple writes it
      if (run.accountsXml) await writeFile(join(OUT_DIR, `${s.name}.accounts.xml`), run.accountsXml, { mode: 0o600 });
      process.stdout.write(`ok    ${s.name} (${mode}): ${outcome}\n`);
    }
  } finally {
    process.off('SIGINT', cleanup);
    await ns?.destroy();
  }
  const manifest = await writeManifest(OUT_DIR);
  process.stdout.write(`manifest.json: ${manifest.length} logs\n`);
  return failures ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`fixtures:record: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
