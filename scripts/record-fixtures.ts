/**
 * `npm run fixtures:record [scenario …]`: runs the real SIPE client against each lab scenario it can reach
 * headless and stores its debug log as fixtures/lab/<scenario>.log, with fixtures/lab/<scenario>.md saying
 * how, when and with which SIPE it was made and which root cause the log should lead to, and
 * fixtures/lab/<scenario>.accounts.xml (the account file of the same run).
 * The logs are raw (as a user attaches them): the secrets in them are the lab's dummy password and tokens.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SCENARIOS, startLab } from '../src/lab/index.js';
import { headlessSkipReason, labClientOptions, runSipeClient, sipeClientMissing } from '../src/lab/sip/sipe-client.js';

const OUT_DIR = resolve(process.env['FIXTURES_DIR'] ?? 'fixtures/lab');

function sipeVersion(log: string): string {
  return /sipe_core_allocate: SIPE version (\S+)/.exec(log)?.[1] ?? 'unknown';
}

async function main(argv: string[]): Promise<number> {
  const missing = sipeClientMissing();
  if (missing) {
    process.stderr.write(`fixtures:record: ${missing}\n`);
    return 2;
  }
  const unknown = argv.filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) {
    process.stderr.write(`fixtures:record: unknown scenario(s): ${unknown.join(', ')}\n`);
    return 2;
  }
  const wanted = argv.length ? SCENARIOS.filter((s) => argv.includes(s.name)) : SCENARIOS;
  await mkdir(OUT_DIR, { recursive: true });
  let failures = 0;
  for (const s of wanted) {
    const why = headlessSkipReason(s);
    if (why) {
      process.stdout.write(`skip  ${s.name}: ${why}\n`);
      continue;
    }
    const lab = await startLab({ scenario: s.name });
    try {
      const opts = labClientOptions(lab, s);
      const run = await runSipeClient(opts);
      if (!/SIPE version/.test(run.log)) {
        failures++;
        process.stdout.write(`FAIL  ${s.name}: the client wrote no log\n`);
        continue;
      }
      const logName = `${s.name}.log`;
      const command = run.command.map((a, i) => (run.command[i - 1] === '--out' ? join('fixtures/lab', logName) : a))
        .map((a) => (/[\s"'\\()]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a)).join(' ');
      const outcome = run.connectionError
        ? `Connection error (reason: ${run.connectionError.reason} description: ${run.connectionError.description})`
        : run.signedIn ? 'signed in (authentication handshake completed successfully)' : `no connection error within ${opts.seconds} s`;
      const md = [
        `# ${logName}`,
        '',
        `- Scenario: \`${s.name}\` — ${s.description}`,
        `- Expected root cause: ${s.expectedRootCause === null ? 'none (signs in)' : `\`${s.expectedRootCause}\``}`,
        `- What SIPE showed: ${outcome}`,
        `- Recorded: ${new Date().toISOString()} with pidgin-sipe ${sipeVersion(run.log)} (Debian, finch -d, PURPLE_UNSAFE_DEBUG=1)`,
        `- Lab: \`startLab({scenario: '${s.name}'})\` on 127.0.0.1 (random ports; the port numbers in the log are that run's)`,
        `- Command: \`${command}\` (password: the scenario's client password, a lab dummy)`,
        '- Re-record: `npm run fixtures:record -- ' + s.name + '`',
        '- Secrets: the log is raw as a user would attach it; password, NTLM tokens and signatures in it belong to the lab only.',
        '',
      ].join('\n');
      await writeFile(join(OUT_DIR, logName), run.log);
      await writeFile(join(OUT_DIR, `${s.name}.md`), md);
      // the account file of the same run (libpurple's <current_error>); mode 0600 like libpurple writes it
      if (run.accountsXml) await writeFile(join(OUT_DIR, `${s.name}.accounts.xml`), run.accountsXml, { mode: 0o600 });
      process.stdout.write(`ok    ${s.name}: ${outcome}\n`);
    } finally {
      await lab.stop();
    }
  }
  return failures ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`fixtures:record: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
