/**
 * Network namespaces for the real-client runs that need the lab DNS as the system resolver (auto-discovery,
 * web tickets) or the lab CA as a system-trusted authority (certificate scenarios). Each namespace has only
 * `lo`; `ip netns exec` bind-mounts /etc/netns/<ns>/resolv.conf (nameserver 127.0.0.1, where the lab DNS
 * listens on port 53) and /etc/netns/<ns>/ssl (certs/ = the lab root CA alone, where libpurple looks for
 * trusted authorities) over /etc. Needs root and iproute2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const NETNS_PREFIX = 'sipelab-';
const ETC_NETNS = '/etc/netns';

function ip(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let probed: string | undefined | null = null;

/** undefined when this process can create network namespaces, else why not (cached; probes once). */
export function netnsSkipReason(): string | undefined {
  if (probed !== null) return probed;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    probed = 'needs root for a network namespace (ip netns add); run the suite as root';
  } else if (spawnSync('ip', ['-V'], { timeout: 5_000 }).status !== 0) {
    probed = "needs iproute2's `ip` for a network namespace (apt-get install -y iproute2)";
  } else {
    const name = `${NETNS_PREFIX}${process.pid}-probe`;
    const add = ip(['netns', 'add', name]);
    if (add.ok) ip(['netns', 'delete', name]);
    probed = add.ok ? undefined : `cannot create a network namespace here (ip netns add: ${add.out || 'failed'})`;
  }
  return probed;
}

/** Deletes `sipelab-<pid>…` namespaces (and their /etc/netns dirs) whose creating process is gone. */
export async function cleanStaleNamespaces(): Promise<string[]> {
  const listed = ip(['netns', 'list']).out.split('\n').map((l) => l.split(/\s/)[0] ?? '');
  const dirs = existsSync(ETC_NETNS) ? await readdir(ETC_NETNS) : [];
  const names = [...new Set([...listed, ...dirs])].filter((n) => n.startsWith(NETNS_PREFIX));
  const removed: string[] = [];
  for (const name of names) {
    const pid = Number(/^sipelab-(\d+)/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) continue;
    ip(['netns', 'delete', name]);
    await rm(join(ETC_NETNS, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

export interface LabNamespace {
  name: string;
  /** makes `caFile` the only authority libpurple trusts inside the namespace */
  trustCa(caFile: string): Promise<void>;
  destroy(): Promise<void>;
}

let counter = 0;

export async function createLabNamespace(): Promise<LabNamespace> {
  await cleanStaleNamespaces();
  const name = `${NETNS_PREFIX}${process.pid}-${++counter}`;
  const etc = join(ETC_NETNS, name);
  const add = ip(['netns', 'add', name]);
  if (!add.ok) throw new Error(`ip netns add ${name}: ${add.out}`);
  let destroyed = false;
  const destroy = async (): Promise<void> => {
    if (destroyed) return;
    destroyed = true;
    ip(['netns', 'delete', name]);
    await rm(etc, { recursive: true, force: true });
  };
  try {
    const up = ip(['-n', name, 'link', 'set', 'lo', 'up']);
    if (!up.ok) throw new Error(`ip -n ${name} link set lo up: ${up.out}`);
    await mkdir(join(etc, 'ssl', 'certs'), { recursive: true });
    await writeFile(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:2 attempts:1\n');
  } catch (e) {
    await destroy();
    throw e;
  }
  return {
    name,
    async trustCa(caFile) {
      await copyFile(caFile, join(etc, 'ssl', 'certs', 'lab-ca.pem'));
    },
    destroy,
  };
}

/** Synchronous last-resort cleanup (process exit). */
export function destroyNamespaceSync(name: string): void {
  ip(['netns', 'delete', name]);
  if (existsSync(join(ETC_NETNS, name))) spawnSync('rm', ['-rf', join(ETC_NETNS, name)], { timeout: 5_000 });
}
