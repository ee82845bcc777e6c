/**
 * Runs `sipe-doctor lab --scenario X --json` (the compiled CLI) as a child process inside a network
 * namespace, with the DNS on port 53 and the web tier on 443/80 where SIPE looks for them, and reads the
 * one JSON line it prints. `stop()` sends SIGINT (the lab's Ctrl-C) and SIGKILLs after a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What `lab --json` prints (src/cli/commands/lab.ts labJson). */
export interface LabInfo {
  scenario: string;
  rootCause: string | null;
  domain: string;
  user: string;
  login: string;
  /** the password to give the client */
  password: string;
  caFile: string;
  sipCertFile: string;
  dns: string;
  sip: { tls?: number; tcp?: number };
  https: number;
  http: number;
  pidgin: { username: string; login: string; password: string; server: string; connectionType: string; authentication: string };
  sipeShows: string;
}

export interface LabProcess {
  info: LabInfo;
  /** what the lab wrote on stderr so far (bounded) */
  stderr(): string;
  stop(): Promise<void>;
}

/** The package root (holds package.json named sipe-doctor), from this file's place in test/ or dist/test/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"sipe-doctor"/.test(readFileSync(pkg, 'utf8'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

export const CLI_JS = join(packageRoot(), 'dist', 'bin', 'sipe-doctor.js');

/** undefined when the compiled CLI exists, else why the namespace runs cannot start a lab */
export function compiledCliMissing(): string | undefined {
  return existsSync(CLI_JS) ? undefined : `the compiled CLI ${CLI_JS} is missing (npm run build)`;
}

const live = new Set<ChildProcess>();
process.once('exit', () => { for (const c of live) c.kill('SIGKILL'); });

export async function startLabProcess(netns: string, scenario: string, timeoutMs = 45_000): Promise<LabProcess> {
  const args = ['netns', 'exec', netns, process.execPath, CLI_JS, 'lab', '--scenario', scenario, '--json',
    '--dns-port', '53', '--https-port', '443', '--http-port', '80'];
  const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let err = '';
  child.stderr.on('data', (b: Buffer) => { if (err.length < 16_384) err += b.toString('utf8'); });
  const exited = new Promise<void>((r) => child.once('exit', () => { live.delete(child); r(); }));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(t);
  };

  const info = await new Promise<LabInfo>((resolve, reject) => {
    let out = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`lab --scenario ${scenario} in ${netns}: ${why}${err ? `\n${err.trim()}` : ''}`)));
    };
    const timer = setTimeout(() => fail(`no JSON line within ${timeoutMs} ms`), timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, nl)) as LabInfo);
      } catch (e) {
        fail(`unreadable JSON (${(e as Error).message})`);
      }
    });
    child.once('exit', (code, sig) => fail(`exited early (${sig ?? `code ${String(code)}`})`));
    child.once('error', (e) => fail(e.message));
  });
  return { info, stderr: () => err, stop };
}
