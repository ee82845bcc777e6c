import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHostPorts } from '../src/adapters/node-host.js';
import { createEnvCommand } from '../src/cli/commands/env.js';
import { COMMANDS } from '../src/cli/commands/index.js';
import { ExitCode } from '../src/cli/exit-codes.js';
import { main } from '../src/cli/main.js';
import { createFakeIo, type FakeIoOptions } from './helpers/fake-io.js';
import type { RunResult } from '../src/env/host.js';

/** A fake Debian machine: files under a temporary root, dpkg-query scripted; nothing on this machine is asked. */
function machine(libxml2: string): string {
  const root = mkdtempSync(join(tmpdir(), 'sd-env-cli-'));
  const files: Record<string, string> = {
    'etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n',
    'etc/resolv.conf': 'nameserver 10.0.0.2\nsearch corp.example\n',
    'usr/lib/purple-2/libsipe.so': 'SIPE version 1.25.0 (%s)',
    'home/alice/.purple/accounts.xml': "<?xml version='1.0'?><account version='1.0'><account><protocol>prpl-sipe</protocol><name>alice@corp.example</name></account></account>",
    'dpkg.out': `finch\t2.14.12-1\tii \nlibpurple0:amd64\t2.14.12-1\tii \nlibxml2:amd64\t${libxml2}\tii \npidgin\t\tun \npidgin-sipe\t1.25.0-2.1+b1\tii \n`,
  };
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), c);
  }
  return root;
}

async function run(argv: string[], libxml2 = '2.9.14+dfsg-1.3~deb12u6', ioOpts: FakeIoOptions = {}) {
  const root = machine(libxml2);
  const dpkg = readFileSync(join(root, 'dpkg.out'), 'utf8');
  const command = createEnvCommand(async () => ({
    ports: (io) =>
      nodeHostPorts({
        root,
        env: io.env,
        now: () => io.now(),
        platform: 'linux',
        arch: 'x64',
        home: '/home/alice',
        user: { name: 'alice', uid: 1000 },
        interfaces: () => ['lo', 'eth0'],
        run: async (cmd): Promise<RunResult> => (cmd === 'dpkg-query' ? { ran: true, code: 0, stdout: dpkg, stderr: '' } : { ran: false, reason: 'not-found', message: '' }),
      }),
  }));
  const io = createFakeIo({ env: { HOME: '/home/alice', LANG: 'de_DE.UTF-8' }, cwd: root, ...ioOpts });
  const code = await main(argv, io, [command]);
  return { code, out: io.out(), err: io.err(), root };
}

describe('sipe-doctor env', () => {
  it('is registered as a lazily loaded command', () => {
    expect(COMMANDS.some((c) => typeof c !== 'function' && c.name === 'env')).toBe(true);
  });

  it('prints the report and exits 1 for the broken libxml2 + pidgin-sipe 1.25 pair', async () => {
    const { code, out, err } = await run(['env']);
    expect(err).toBe('');
    expect(code).toBe(ExitCode.Problem);
    expect(out).toMatch(/pidgin-sipe +1\.25\.0-2\.1\+b1 \(dpkg package pidgin-sipe\)/);
    expect(out).toMatch(/✖ breaks pidgin-sipe 1\.25\.0-2\.1\+b1: SIPE cannot parse XML/);
    expect(out).toMatch(/accounts\.xml +\/home\/alice\/\.purple\/accounts\.xml\n +1 SIPE account of 1/);
    expect(out).toContain('Known problems');
    expect(out.split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('exits 0 when nothing known-broken is installed', async () => {
    const { code, out } = await run(['env'], '2.9.14+dfsg-1.3~deb12u1');
    expect(code).toBe(ExitCode.Ok);
    expect(out).toContain('No known-broken combination');
  });

  it('--json: the environment, the libxml2 decision and the findings of the rules', async () => {
    const { code, out } = await run(['env', '--json']);
    expect(code).toBe(ExitCode.Problem);
    const report = JSON.parse(out);
    expect(report.schemaVersion).toBe(1);
    expect(report.environment.libxml2).toMatchObject({ version: '2.9.14+dfsg-1.3~deb12u6', via: 'dpkg' });
    expect(report.environment.locale.messages).toBe('de_DE.UTF-8');
    expect(report.xmlParser).toEqual({ status: 'broken', libxml2: '2.9.14+dfsg-1.3~deb12u6', sipe: '1.25.0-2.1+b1' });
    expect(report.findings.map((f: { rootCause: string; confidence: string }) => [f.rootCause, f.confidence])).toEqual([['client-xml-parser-broken', 'confirmed']]);
  });

  it('--redact-pii: no user name, home directory or company domain in any format; the versions stay', async () => {
    for (const format of ['text', 'json', 'markdown']) {
      const { code, out } = await run(['env', '--redact-pii', '--format', format]);
      expect(code).toBe(ExitCode.Problem);
      expect(out, format).not.toMatch(/alice|corp\.example/);
      expect(out, format).toContain('1.25.0-2.1+b1');
      expect(out, format).toMatch(/\/home\/user1\/\.purple/);
    }
    const { out } = await run(['env', '--redact-pii', '--json']);
    expect(JSON.parse(out).environment.user.name).toBe('user1');
  });

  it('--format markdown -o FILE writes the file and says so on stderr', async () => {
    const { code, out, err, root } = await run(['env', '--format', 'markdown', '-o', 'env.md']);
    expect(code).toBe(ExitCode.Problem);
    expect(out).toBe('');
    expect(err).toContain('environment report written to env.md');
    expect(readFileSync(join(root, 'env.md'), 'utf8')).toContain('# sipe-doctor env');
  });

  it('conflicting output flags are a usage error', async () => {
    const { code, err } = await run(['env', '--json', '--format', 'text']);
    expect(code).toBe(ExitCode.Usage);
    expect(err).toContain('--json conflicts with --format text');
  });

  it('--help shows the examples and what the exit code means', async () => {
    const { code, out } = await run(['env', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('sipe-doctor env --json | jq .environment.libxml2');
    expect(out).toContain('--purple-dir');
    expect(out).toMatch(/env exits 1 when it finds a known-broken combination/);
  });
});
