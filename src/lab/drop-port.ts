/**
 * A loopback port where TCP connection attempts time out, as behind a firewall that drops packets.
 *
 * Linux drops a SYN silently when the listening socket's accept queue is full. Node always accepts,
 * so a tiny python3 child listens with backlog 0 and never accepts; the lab then fills the one queue
 * slot itself. Every later connect() sees no SYN-ACK and times out. The child exits when its stdin
 * closes (lab stopped or lab process gone).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

const LISTENER = [
  'import socket,sys',
  's=socket.socket(socket.AF_INET,socket.SOCK_STREAM)',
  's.bind((sys.argv[1],0))',
  's.listen(0)',
  "sys.stdout.write('%d\\n'%s.getsockname()[1]);sys.stdout.flush()",
  'sys.stdin.read()',
].join('\n');

const START_TIMEOUT_MS = 5000;
const FILL_PROBE_MS = 250;
const MAX_FILLERS = 4;

export interface DroppingPort {
  port: number;
  stop(): Promise<void>;
}

function tryConnect(host: string, port: number, ms: number): Promise<{ socket: Socket; connected: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    const timer = setTimeout(() => resolve({ socket, connected: false }), ms);
    socket.once('connect', () => { clearTimeout(timer); resolve({ socket, connected: true }); });
    socket.once('error', () => { clearTimeout(timer); resolve({ socket, connected: false }); });
  });
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('python3 listener did not start')), START_TIMEOUT_MS);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`python3 listener exited (${String(code)})`)); });
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = /^(\d+)\n/.exec(buf);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
  });
}

/** Starts the dropping port; rejects when python3 is not there (the caller falls back). */
export async function startDroppingPort(host: string): Promise<DroppingPort> {
  const child = spawn('python3', ['-c', LISTENER, host], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin?.on('error', () => { /* child gone */ });
  const kill = (): void => { child.stdin?.end(); if (child.exitCode === null) child.kill('SIGTERM'); };
  let port: number;
  try {
    port = await readPort(child);
  } catch (e) {
    kill();
    throw e;
  }
  child.removeAllListeners('exit');
  // fill the accept queue: connect until an attempt no longer completes
  const fillers: Socket[] = [];
  for (let i = 0; i < MAX_FILLERS; i++) {
    const r = await tryConnect(host, port, FILL_PROBE_MS);
    r.socket.on('error', () => { /* ignore */ });
    fillers.push(r.socket);
    if (!r.connected) break;
  }
  return {
    port,
    stop: async () => {
      for (const s of fillers) s.destroy();
      const exited = new Promise<void>((r) => { if (child.exitCode !== null || child.signalCode !== null) r(); else child.once('exit', () => r()); });
      kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
    },
  };
}
