/**
 * `--redact-pii`: input file names and paths (which often are the user's address or the server's
 * name and address) and certificate subject attributes naming an organisation or a place are
 * pseudonymised in every format, in triage too.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { createPseudonymizer } from '../src/report/pii.js';
import { FORMAT_NAMES } from '../src/report/formatters/index.js';
import { TRIAGE_FORMAT_NAMES } from '../src/triage/render/index.js';
import { createFakeIo } from './helpers/fake-io.js';

const LOGS = resolve('fixtures/logs');
const BY_USER = 'jsmith@contoso-corp.com.log';
const BY_SERVER = 'sip.contoso-corp.com_10.44.55.66.log';
const CERT_LOG = 'cert-subject.log';
/** what must not be seen */
const PRIVATE = ['jsmith', 'contoso-corp', '10.44.55.66', 'Contoso Pharma', 'Springfield', 'Oregon', 'Umbrella Research', 'Gotham'];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sipe-doctor-pii-'));
  mkdirSync(join(dir, 'tickets'));
  copyFileSync(join(LOGS, 'sample-ua-blocked-403.log'), join(dir, 'tickets', BY_USER));
  copyFileSync(join(LOGS, 'register-403-warning.log'), join(dir, 'tickets', BY_SERVER));
  // a certificate whose subject and issuer name an organisation and places
  const cert = readFileSync(join(LOGS, 'tls-untrusted-certificate.log'), 'latin1')
    .replace(/subject=([^\n]*?) issuer=([^\n]*)/g, 'subject=CN=pool.corp.example,O=Contoso Pharma Ltd,L=Springfield,ST=Oregon,C=US issuer=CN=Issuing CA,O=Umbrella Research,L=Gotham,C=US');
  writeFileSync(join(dir, 'tickets', CERT_LOG), cert, 'latin1');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report (stdout); the tool's own diagnostic log on stderr is not a report. */
async function run(args: string[]): Promise<string> {
  const io = createFakeIo({ cwd: dir });
  await main(args, io);
  return io.out();
}

describe('--redact-pii: file names and certificate subjects', () => {
  it('the pseudonymizer maps registered file names, `name:line` references and DN attributes', () => {
    const p = createPseudonymizer();
    expect(p.registerFile(`tickets/${BY_USER}`)).toBe('tickets/user1@domain1.example.log');
    expect(p.pseudonymize(`${BY_USER}:224-234 and tickets/${BY_USER}`)).toBe('user1@domain1.example.log:224-234 and tickets/user1@domain1.example.log');
    expect(p.registerFile(BY_SERVER)).toBe('host1.domain1.example_192.0.2.1.log');
    // a name without personal data stays usable
    expect(p.registerFile('notes.txt')).toBe('notes.txt');
    const dn = p.pseudonymize('subject=CN=pool.corp.example,O=Contoso Pharma Ltd,L=Springfield,ST=Oregon,C=US');
    for (const s of ['Contoso Pharma', 'Springfield', 'Oregon', 'corp.example']) expect(dn).not.toContain(s);
    expect(dn).toMatch(/O=org1,L=place1,ST=region1,C=US/);
    expect(p.pseudonymize('O=org1,L=place1')).toBe('O=org1,L=place1');
  });

  it.each(FORMAT_NAMES)('analyze --format %s --verbose --redact-pii shows none of them', async (format) => {
    for (const name of [BY_USER, BY_SERVER, CERT_LOG]) {
      const out = await run(['analyze', join(dir, 'tickets', name), '--format', format, '--verbose', '--redact-pii', ...(format === 'json' ? ['--include-evidence'] : [])]);
      for (const s of PRIVATE) expect(out, `${format} ${name}: ${s}`).not.toContain(s);
      if (name !== CERT_LOG && format !== 'reply') expect(out, `${format} ${name}`).toMatch(/(?:user|host)1[.@]domain1\.example[._]/);
    }
  });

  it('the certificate subject reaches the verbose report without the flag (the test above means something)', async () => {
    const out = await run(['analyze', join(dir, 'tickets', CERT_LOG), '--format', 'json', '--include-evidence']);
    expect(out).toContain('Contoso Pharma');
  });

  it('saved evidence is pseudonymised the same way', async () => {
    const file = join(dir, 'evidence.json');
    await run(['analyze', join(dir, 'tickets', BY_USER), '--redact-pii', '--save-evidence', file]);
    const saved = readFileSync(file, 'utf8');
    for (const s of PRIVATE) expect(saved).not.toContain(s);
  });

  it.each(TRIAGE_FORMAT_NAMES)('triage (%s, personal data removed by default) shows none of them', async (format) => {
    const out = await run(['triage', 'tickets', '--format', format, '--verbose']);
    for (const s of PRIVATE) expect(out, `${format}: ${s}`).not.toContain(s);
    expect(out).toMatch(/user\d+@domain\d+\.example\.log/);
  });

  // a reply goes to the user it is about, so it keeps real names unless asked not to
  it('triage --reply --redact-pii shows none of them', async () => {
    const out = await run(['triage', 'tickets', '--reply', '--redact-pii', '--verbose']);
    const format = 'reply';
    for (const s of PRIVATE) expect(out, `${format}: ${s}`).not.toContain(s);
    expect(out).toMatch(/user\d+@domain\d+\.example\.log/);
  });
});
