/**
 * Debian 12's libxml2 (2.9.14+dfsg-1.3~deb12u2 and later) no longer dispatches the SAX1 callbacks SIPE 1.25's
 * XML parser registers, so every sipe_xml_parse() returns NULL there: autodiscover documents are ignored and
 * every TLS-DSK / web-ticket sign-in ends at the metadata step whatever the server says (fixtures/lab/NOTES.md).
 * fixtures/lab/saxfix.c restores the dispatch; built once per process and LD_PRELOADed into the client, SIPE
 * behaves as with an unaffected libxml2 (src/client/runner.ts starts a private tmux server per run, so the
 * variable reaches finch).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from './lab-process.js';

const SOURCE = join(packageRoot(), 'fixtures', 'lab', 'saxfix.c');
const HEADERS = '/usr/include/libxml2';

let built: { so: string } | { why: string } | undefined;

/** Builds once per source version into the temp dir (a cache keyed by the source's hash; reused across runs). */
function build(): { so: string } | { why: string } {
  if (!existsSync(SOURCE)) return { why: `${SOURCE} is missing` };
  if (!existsSync(join(HEADERS, 'libxml', 'parser.h'))) return { why: `no libxml2 headers in ${HEADERS} (apt-get install -y libxml2-dev)` };
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 16);
  const so = join(tmpdir(), `sipe-doctor-saxfix-${hash}.so`);
  if (existsSync(so)) return { so };
  const tmp = `${so}.${process.pid}.tmp`;
  const r = spawnSync('cc', ['-shared', '-fPIC', `-I${HEADERS}`, '-o', tmp, SOURCE, '-ldl'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !existsSync(tmp)) {
    rmSync(tmp, { force: true });
    return { why: `cannot build ${SOURCE} (${r.error ? r.error.message : (r.stderr || 'cc failed').trim().split('\n')[0]}; apt-get install -y gcc libxml2-dev)` };
  }
  renameSync(tmp, so);
  return { so };
}

/** the shim's path, or undefined when it cannot be built here */
export function xmlShim(): string | undefined {
  built ??= build();
  return 'so' in built ? built.so : undefined;
}

/** undefined when SIPE's XML parsing works in the client runs, else why not */
export function xmlShimMissing(): string | undefined {
  built ??= build();
  return 'why' in built ? `SIPE's XML parser needs the libxml2 shim (Debian 12 libxml2 breaks it, fixtures/lab/NOTES.md): ${built.why}` : undefined;
}

/** Runs `fn` (which spawns the client) with the shim preloaded. */
export async function withXmlShim<T>(fn: () => Promise<T>): Promise<T> {
  const so = xmlShim();
  if (!so) return fn();
  const saved = process.env['LD_PRELOAD'];
  process.env['LD_PRELOAD'] = so;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env['LD_PRELOAD'];
    else process.env['LD_PRELOAD'] = saved;
  }
}
