/**
 * The debug logs the log-analysis benchmark reads (bench/logs.ts), generated into a temp dir:
 * 1. `real-sessions.log`: the recorded fixture logs (fixtures/lab, fixtures/logs; all UTF-8 ones)
 *    concatenated, over and over, to the size asked (300 MB in `npm run bench`).
 * 2. `signed-in-day.log`: a day-long signed-in session as SIPE 1.25 logs it with
 *    PURPLE_UNSAFE_DEBUG: the recorded sign-in of fixtures/lab/healthy.log, then N post-sign-in SIP
 *    messages in the shapes that session traffic has (received presence NOTIFY and SIPE's 200,
 *    roaming BENOTIFY, batched presence SUBSCRIBE and its 200, presence SERVICE publish and its 200,
 *    a signed re-REGISTER every two hours; headers, signatures and SIPE's own lines around each
 *    message as in the recorded session), then the connection drops and the reconnect fails
 *    (fixtures/lab/tcp-connect-refused.log from its login on).
 * 3. `register-loop-N.log`: N REGISTER refreshes in one attempt as SIPE 1.24+ logs them by default
 *    (short message markers, the transaction, status and authentication lines), after the recorded
 *    sign-in's first lines.
 * Files are written in large blocks; nothing here is timed.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const USER = 'alice@corp.example';
const CONN = '0x564ed289c140';
const EPID = 'a92c7be9925a';
const OPAQUE = 'EB6E38BF';
const UA = 'Purple/2.14.12 Sipe/1.25.0 (linux-x86_64)';

/** Buffered writer: joins lines into ~1 MB blocks and waits for the stream when it is full. */
class BlockWriter {
  private parts: string[] = [];
  private size = 0;
  bytes = 0;

  constructor(private readonly out: WriteStream) {}

  async line(text: string): Promise<void> {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 1 << 20) await this.flush();
  }

  async raw(buf: Buffer): Promise<void> {
    await this.flush();
    await this.write(buf);
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.size = 0;
    await this.write(buf);
  }

  async close(): Promise<number> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return this.bytes;
  }

  private async write(buf: Buffer): Promise<void> {
    this.bytes += buf.length;
    if (!this.out.write(buf)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}

/** A deterministic pseudo-random source (the same files every run). */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

function hex(rnd: (n: number) => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i += 1) out += '0123456789ABCDEF'[rnd(16)];
  return out;
}

/** `HH:MM:SS` of a second of the day (wrapping at midnight). */
function clock(seconds: number): string {
  const s = Math.floor(seconds) % 86_400;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

function iso(seconds: number): string {
  const s = Math.floor(seconds) % 86_400;
  const micro = String(Math.floor((seconds % 1) * 1e6)).padStart(6, '0');
  return `2026-11-22T${clock(s)}.${micro}Z`;
}

export async function fixtureLogs(root: string): Promise<{ name: string; data: Buffer }[]> {
  const out: { name: string; data: Buffer }[] = [];
  for (const dir of ['fixtures/lab', 'fixtures/logs']) {
    for (const name of (await readdir(join(root, dir))).filter((f) => f.endsWith('.log')).sort()) {
      let data = await readFile(join(root, dir, name));
      // one file is one encoding: the Windows-1252 capture stays out of the UTF-8 mix
      if (!data.toString('utf8').includes('\uFFFD')) {
        if (data[data.length - 1] !== 0x0a) data = Buffer.concat([data, Buffer.from('\n')]);
        out.push({ name: `${dir}/${name}`, data });
      }
    }
  }
  return out;
}

/** 1. The recorded sessions, concatenated until `bytes` is reached. */
export async function writeRealSessions(path: string, root: string, bytes: number): Promise<{ bytes: number; sessions: number }> {
  const logs = await fixtureLogs(root);
  const w = new BlockWriter(createWriteStream(path));
  let sessions = 0;
  while (w.bytes < bytes) {
    for (const log of logs) {
      await w.raw(log.data);
      sessions += 1;
      if (w.bytes >= bytes) break;
    }
  }
  return { bytes: await w.close(), sessions };
}

interface Session {
  w: BlockWriter;
  rnd: (n: number) => number;
  /** seconds of the day */
  t: number;
  cseq: number;
  snum: number;
  cnum: number;
}

async function sipe(s: Session, text: string): Promise<void> {
  await s.w.line(`(${clock(s.t)}) sipe: ${text}`);
}

/** SIPE's lines while it checks the signature of a message it received. */
async function verifyLines(s: Session, method: string, callId: string, cseq: number): Promise<void> {
  const from = `<sip:${USER}>;tag=${hex(s.rnd, 8).toLowerCase()}`;
  await sipe(s, `parsing address out of ${from}`);
  await sipe(s, `got sip:${USER}`);
  await sipe(s, `parsing address out of <sip:${USER}>;tag=${hex(s.rnd, 10)};epid=${EPID}`);
  await sipe(s, `got sip:${USER}`);
  const mac = `01000000${hex(s.rnd, 16)}64000000`;
  await sipe(s, `sip_sec_verify_signature: message is:<NTLM><87CD2D68><${s.snum}><SIP Communications Service><fe01.corp.example><${callId}><${cseq}><${method}><sip:${USER}><${hex(s.rnd, 10)}><sip:${USER}><><><><> signature to verify is: ${mac.toLowerCase()}`);
  await sipe(s, 'NTLM MAC(): Extended Session Security');
  await sipe(s, 'NTLM MAC(): Key Exchange');
  await sipe(s, `NTLM calculated MAC: ${mac}`);
  await sipe(s, 'sip_transport_input: signature of incoming message validated');
}

/** SIPE's lines while it signs a message it sends. */
async function signLines(s: Session): Promise<string> {
  await sipe(s, `parsing address out of <sip:${USER}>;tag=${hex(s.rnd, 10)};epid=${EPID}`);
  await sipe(s, `got sip:${USER}`);
  await sipe(s, 'NTLM MAC(): Extended Session Security');
  await sipe(s, 'NTLM MAC(): Key Exchange');
  const mac = `01000000${hex(s.rnd, 16)}64000000`;
  await sipe(s, `NTLM calculated MAC: ${mac}`);
  s.cnum += 1;
  return `NTLM qop="auth", opaque="${OPAQUE}", realm="SIP Communications Service", targetname="fe01.corp.example", crand="${hex(s.rnd, 8).toLowerCase()}", cnum="${s.cnum}", response="${mac}"`;
}

function authInfo(s: Session): string {
  s.snum += 1;
  return `Authentication-Info: NTLM rspauth="01000000${hex(s.rnd, 16).toLowerCase()}64000000", srand="87CD2D68", snum="${s.snum}", opaque="${OPAQUE}", qop="auth", targetname="fe01.corp.example", realm="SIP Communications Service"`;
}

async function dump(s: Session, direction: 'sent' | 'received', lines: readonly string[], body = ''): Promise<void> {
  const arrow = direction === 'sent' ? '>>>>>>>>>>' : '<<<<<<<<<<';
  const ts = iso(s.t + s.rnd(1000) / 1000);
  await sipe(s, '');
  await s.w.line(`MESSAGE START ${arrow} SIP(${CONN}) - ${ts}`);
  for (const l of lines) await s.w.line(l);
  await s.w.line(`Content-Length: ${body.length}`);
  await s.w.line('');
  await s.w.line(body);
  await s.w.line(`MESSAGE END ${arrow} SIP(${CONN}) - ${ts}`);
}

function presenceBody(rnd: (n: number) => number, buddy: number): string {
  const availability = [3500, 6500, 9500, 15500, 18500][rnd(5)];
  const notes = ['In a meeting', 'Working from home', 'Back at 14:00', 'Out of office until Monday', ''];
  const t = `2026-11-22T${clock(rnd(86_400))}.${rnd(1000)}Z`;
  return `<categories xmlns="http://schemas.microsoft.com/2006/09/sip/categories" uri="sip:user${buddy}@corp.example">`
    + `<category name="state" instance="0" publishTime="${t}"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" manual="false" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="aggregateState"><availability>${availability}</availability><endpointLocation></endpointLocation></state></category>`
    + (rnd(2) > 0 ? '' : `<category name="note" instance="0" publishTime="${t}"><note xmlns="http://schemas.microsoft.com/2006/09/sip/note"><body type="personal" uri="">${notes[rnd(notes.length)]}</body></note></category>`)
    + (rnd(4) > 0 ? '' : `<category name="calendarData" instance="0" publishTime="${t}"><calendarData xmlns="http://schemas.microsoft.com/2006/09/sip/calendarData" mailboxID="user${buddy}@corp.example"><WorkingHours xmlns="http://schemas.microsoft.com/exchange/services/2006/types"><TimeZone><Bias>-60</Bias></TimeZone><WorkingPeriodArray><WorkingPeriod><DayOfWeek>Monday Tuesday Wednesday Thursday Friday</DayOfWeek><StartTimeInMinutes>480</StartTimeInMinutes><EndTimeInMinutes>1020</EndTimeInMinutes></WorkingPeriod></WorkingPeriodArray></WorkingHours></calendarData></category>`)
    + '</categories>';
}

/** A request SIPE received (NOTIFY / BENOTIFY), checked and, for NOTIFY, answered with 200. */
async function receivedRequest(s: Session, method: 'NOTIFY' | 'BENOTIFY', event: string, contentType: string, body: string): Promise<number> {
  const callId = hex(s.rnd, 32).toLowerCase();
  const cseq = 1 + s.rnd(60);
  const from = `From: <sip:${USER}>;tag=${hex(s.rnd, 16).toLowerCase()}`;
  const to = `To: <sip:${USER}>;tag=${hex(s.rnd, 10)};epid=${EPID}`;
  const via = `Via: SIP/2.0/TLS 10.10.1.21:5061;branch=z9hG4bK${hex(s.rnd, 16).toLowerCase()};ms-received-port=5061;ms-received-cid=${hex(s.rnd, 6)}`;
  await dump(s, 'received', [
    `${method} sip:127.0.0.1:46366;transport=tls;ms-opaque=d3470f2e1d SIP/2.0`, via, 'Max-Forwards: 70', from, to, `Call-ID: ${callId}`, `CSeq: ${cseq} ${method}`,
    `Event: ${event}`, 'Subscription-State: active;expires=3600', `Content-Type: ${contentType}`, 'ms-piggyback-cseq: 1',
    'Supported: ms-benotify, ms-piggyback-first-notify', 'Server: RTC/6.0.9319.0', authInfo(s),
  ], body);
  await verifyLines(s, method, callId, cseq);
  await sipe(s, `process_input_message: msg->response(0),msg->method(${method})`);
  await sipe(s, 'send->process_incoming_notify');
  await sipe(s, 'process_incoming_notify: subscription_state: active;expires=3600');
  if (method === 'BENOTIFY') {
    await sipe(s, `sipe_ocs2007_process_roaming_self: category change for ${event}`);
    return 1;
  }
  await sipe(s, `sipe_process_presence: Content-Type: ${contentType}`);
  for (const h of ['Max-Forwards', 'Event', 'Subscription-State', 'Content-Type']) {
    await sipe(s, `sipmsg_strip_headers: removing ${h}`);
  }
  const auth = await signLines(s);
  await dump(s, 'sent', [
    'SIP/2.0 200 OK', via, from, to, `Call-ID: ${callId}`, `CSeq: ${cseq} ${method}`,
    `Contact: <sip:${USER};opaque=user:epid:YTkyYzdiZTk5MjVh;gruu>`, `User-Agent: ${UA}`, `Authorization: ${auth}`,
  ]);
  return 2;
}

/** A request SIPE sent (SUBSCRIBE / SERVICE) and the server's 200. */
async function sentRequest(s: Session, method: 'SUBSCRIBE' | 'SERVICE', headers: readonly string[], body: string): Promise<number> {
  const callId = `${hex(s.rnd, 4)}g${hex(s.rnd, 5)}a${hex(s.rnd, 4)}i${hex(s.rnd, 4)}m${hex(s.rnd, 4)}t${hex(s.rnd, 4)}b${hex(s.rnd, 4)}x${hex(s.rnd, 4)}x`;
  const tag = `${1_000_000_000 + s.rnd(999_999_999)}`;
  s.cseq += 1;
  const auth = await signLines(s);
  await sipe(s, 'SIP transactions count:1 after addition');
  await dump(s, 'sent', [
    `${method} sip:${USER} SIP/2.0`, 'Via: SIP/2.0/tls 127.0.0.1:46366', `From: <sip:${USER}>;tag=${tag};epid=${EPID}`, `To: <sip:${USER}>`,
    'Max-Forwards: 70', `CSeq: ${s.cseq} ${method}`, `User-Agent: ${UA}`, `Call-ID: ${callId}`, ...headers,
    `Contact: <sip:${USER};opaque=user:epid:YTkyYzdiZTk5MjVh;gruu>`, `Authorization: ${auth}`,
  ], body);
  s.t += 0.05;
  await dump(s, 'received', [
    'SIP/2.0 200 OK', 'Via: SIP/2.0/tls 127.0.0.1:46366', `From: <sip:${USER}>;tag=${tag};epid=${EPID}`, `To: <sip:${USER}>;tag=${hex(s.rnd, 8).toLowerCase()}`,
    `Call-ID: ${callId}`, `CSeq: ${s.cseq} ${method}`, ...(method === 'SUBSCRIBE' ? ['Expires: 3600', 'Require: eventlist'] : []), 'Server: RTC/6.0.9319.0', authInfo(s),
  ]);
  await verifyLines(s, method, callId, s.cseq);
  await sipe(s, `process_input_message: msg->response(200),msg->method(${method})`);
  await sipe(s, 'process_input_message: we have a transaction callback');
  if (method === 'SUBSCRIBE') await sipe(s, "process_subscribe_response: subscription dialog added for event '<presence>'");
  await sipe(s, `process_input_message: removing CSeq ${s.cseq}`);
  await sipe(s, 'SIP transactions count:0 after removal');
  return 2;
}

async function batchSubscribe(s: Session): Promise<number> {
  const resources = Array.from({ length: 4 + s.rnd(8) }, () => `<resource uri="sip:user${s.rnd(400)}@corp.example"/>`).join('');
  const body = `<batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe" uri="sip:${USER}" name=""><action name="subscribe" id="${s.rnd(99_999_999)}"><adhocList>${resources}</adhocList>`
    + '<categoryList xmlns="http://schemas.microsoft.com/2006/09/sip/categorylist"><category name="calendarData"/><category name="contactCard"/><category name="note"/><category name="state"/></categoryList></action></batchSub>';
  await sipe(s, `sipe_subscribe_presence_batched_to: subscribing to ${resources.split('<resource').length - 1} buddies`);
  return sentRequest(s, 'SUBSCRIBE', [
    'Require: adhoclist, categoryList', 'Supported: eventlist',
    'Accept: application/msrtc-event-categories+xml, application/xpidf+xml, application/pidf+xml, application/rlmi+xml, multipart/related',
    'Supported: ms-piggyback-first-notify', 'Supported: com.microsoft.autoextend', 'Supported: ms-benotify', 'Proxy-Require: ms-benotify',
    'Event: presence', 'Content-Type: application/msrtc-adrl-categorylist+xml',
  ], body);
}

async function publish(s: Session): Promise<number> {
  const version = 1 + s.rnd(40);
  const body = `<publish xmlns="http://schemas.microsoft.com/2006/09/sip/rich-presence"><publications uri="sip:${USER}">`
    + `<publication categoryName="state" instance="${s.rnd(999_999_999)}" container="2" version="${version}" expireType="endpoint"><state xmlns="http://schemas.microsoft.com/2006/09/sip/state" manual="false" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="machineState"><availability>${[3500, 12500][s.rnd(2)]}</availability><endpointLocation></endpointLocation></state></publication>`
    + `<publication categoryName="device" instance="${s.rnd(999_999_999)}" container="2" version="${version}" expireType="endpoint"><device xmlns="http://schemas.microsoft.com/2006/09/sip/device" endpointId="409f4bd1-9ebe-5313-bdcc-d7dbb9b04874"><capabilities preferred="false" uri="sip:${USER}"><text capture="true" render="true" publish="false"/></capabilities><timezone>00:00:00+01:00</timezone><machineName>VM</machineName></device></publication>`
    + '</publications></publish>';
  await sipe(s, 'sipe_ocs2007_presence_publish: publishing machine state');
  return sentRequest(s, 'SERVICE', ['Content-Type: application/msrtc-category-publish+xml'], body);
}

/** A signed re-REGISTER (SIPE refreshes 30 s before the 200's Expires) and its 200. */
async function reRegister(s: Session, callId: string): Promise<number> {
  s.cseq += 1;
  await sipe(s, `scheduling action <transaction timeout><${callId}><${s.cseq} REGISTER> timeout 60 seconds`);
  const auth = await signLines(s);
  const tag = `${100_000_000 + s.rnd(899_999_999)}`;
  await dump(s, 'sent', [
    'REGISTER sip:corp.example SIP/2.0', `Via: SIP/2.0/tls 127.0.0.1:46366;branch=z9hG4bK${hex(s.rnd, 20)}`, `From: <sip:${USER}>;tag=${tag};epid=${EPID}`,
    `To: <sip:${USER}>`, 'Max-Forwards: 70', `CSeq: ${s.cseq} REGISTER`, `User-Agent: ${UA}`, `Call-ID: ${callId}`,
    'Contact: <sip:127.0.0.1:46366;transport=tls;ms-opaque=d3470f2e1d>;methods="INVITE, MESSAGE, INFO, SUBSCRIBE, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY";proxy=replace;+sip.instance="<urn:uuid:409f4bd1-9ebe-5313-bdcc-d7dbb9b04874>"',
    'Supported: gruu-10, adhoclist, msrtc-event-categories, com.microsoft.msrtc.presence', 'Event: registration', 'Allow-Events: presence', 'ms-keep-alive: UAC;hop-hop=yes', `Authorization: ${auth}`,
  ]);
  s.t += 0.05;
  await dump(s, 'received', [
    'SIP/2.0 200 OK', `Via: SIP/2.0/tls 127.0.0.1:46366;branch=z9hG4bK${hex(s.rnd, 20)}`, `From: <sip:${USER}>;tag=${tag};epid=${EPID}`, `To: <sip:${USER}>;tag=${hex(s.rnd, 8).toLowerCase()}`,
    `Call-ID: ${callId}`, `CSeq: ${s.cseq} REGISTER`, 'Contact: <sip:127.0.0.1:46366;transport=tls;ms-opaque=d3470f2e1d>;expires=7200', 'Expires: 7200',
    'ms-keep-alive: UAS; tcp=no; hop-hop=yes; end-end=no; timeout=300', 'Server: RTC/6.0.9319.0', authInfo(s),
  ]);
  await verifyLines(s, 'REGISTER', callId, s.cseq);
  await sipe(s, 'process_input_message: msg->response(200),msg->method(REGISTER)');
  await sipe(s, 'process_register_response: got response to REGISTER; expires = 7200');
  await sipe(s, 'scheduling action <registration> timeout 7170 seconds');
  return 2;
}

function linesFrom(text: string, from: RegExp, to?: RegExp): string[] {
  const lines = text.split('\n');
  const a = lines.findIndex((l) => from.test(l));
  const b = to ? lines.findIndex((l, i) => i > a && to.test(l)) : -1;
  return lines.slice(Math.max(0, a), b < 0 ? undefined : b).filter((l, i, all) => i < all.length - 1 || l !== '');
}

/** 2. A day-long signed-in session with `messages` SIP messages after sign-in, ending in a failed reconnect. */
export async function writeSignedInDay(path: string, root: string, messages: number): Promise<{ bytes: number; messages: number }> {
  const healthy = await readFile(join(root, 'fixtures/lab/healthy.log'), 'utf8');
  const refused = await readFile(join(root, 'fixtures/lab/tcp-connect-refused.log'), 'utf8');
  const gc = /connection: Connecting\. gc = (0x[0-9a-f]+)/.exec(healthy)?.[1] ?? '0x564ed289b4e0';
  const callId = /<transaction timeout><([^>]+)><1 REGISTER>/.exec(healthy)?.[1] ?? 'ED75g88C1a87AFiE258m972Dt27DCb7581xE715x';
  const w = new BlockWriter(createWriteStream(path));
  for (const l of linesFrom(healthy, /^/)) await w.line(l);
  const s: Session = { w, rnd: random(20261122), t: 4287, cseq: 10, snum: 10, cnum: 10 };
  const step = 86_400 / messages;
  let written = 0;
  let nextRegister = 7170;
  while (written < messages) {
    s.t += step * (0.5 + s.rnd(100) / 100);
    if (s.t - 4287 >= nextRegister) {
      written += await reRegister(s, callId);
      nextRegister += 7170;
      continue;
    }
    const pick = s.rnd(100);
    if (pick < 50) written += await receivedRequest(s, 'NOTIFY', 'presence', 'application/msrtc-event-categories+xml', presenceBody(s.rnd, s.rnd(400)));
    else if (pick < 75) {
      written += await receivedRequest(s, 'BENOTIFY', ['vnd-microsoft-roaming-contacts', 'vnd-microsoft-roaming-self'][s.rnd(2)] as string, 'application/vnd-microsoft-roaming-contacts+xml',
        `<contactDelta deltaNum="${s.rnd(9999)}" prevDeltaNum="0"><addedContact uri="sip:user${s.rnd(400)}@corp.example" name="" groups="1 " subscribed="true" externalURI=""/></contactDelta>`);
    } else if (pick < 87) written += await batchSubscribe(s);
    else written += await publish(s);
  }
  // the connection drops late in the day; Pidgin reconnects and the server refuses
  await sipe(s, 'Read error: Connection reset by peer (104)');
  await w.line(`(${clock(s.t)}) connection: Connection error on ${gc} (reason: 0 description: Read error)`);
  await w.line(`(${clock(s.t)}) account: Disconnecting account ${USER}, (0x5633236b95d0)`);
  await w.line(`(${clock(s.t)}) connection: Disconnecting connection ${gc}`);
  for (const l of linesFrom(refused, /account: Connecting to account/)) await w.line(l);
  return { bytes: await w.close(), messages: written };
}

/** 3. `exchanges` REGISTER refreshes in one attempt (SIPE 1.24+ default logging: no message bodies). */
export async function writeRegisterLoop(path: string, root: string, exchanges: number): Promise<{ bytes: number }> {
  const healthy = await readFile(join(root, 'fixtures/lab/healthy.log'), 'utf8');
  const w = new BlockWriter(createWriteStream(path));
  for (const l of linesFrom(healthy, /^/, /scheduling action <transaction timeout>/)) await w.line(l);
  const s: Session = { w, rnd: random(7), t: 4286, cseq: 0, snum: 0, cnum: 0 };
  const callId = 'ED75g88C1a87AFiE258m972Dt27DCb7581xE715x';
  for (let i = 0; i < exchanges; i += 1) {
    s.cseq += 1;
    s.t += 1;
    await sipe(s, 'sipe_schedule_allocate timeouts count 3 after addition');
    await sipe(s, `scheduling action <transaction timeout><${callId}><${s.cseq} REGISTER> timeout 60 seconds`);
    await sipe(s, 'SIP transactions count:1 after addition');
    await sipe(s, `MESSAGE >>>>>>>>>> SIP(${CONN})`);
    await sipe(s, `MESSAGE <<<<<<<<<< SIP(${CONN})`);
    await sipe(s, 'process_input_message: msg->response(200),msg->method(REGISTER)');
    await sipe(s, 'process_register_response: got response to REGISTER; expires = 7200');
    await sipe(s, `process_register_response: Auth header: NTLM rspauth="01000000${hex(s.rnd, 16).toLowerCase()}64000000", srand="345DD7DB", snum="${s.cseq}", opaque="${OPAQUE}", qop="auth", targetname="fe01.corp.example", realm="SIP Communications Service"`);
    await sipe(s, 'process_register_response: authentication handshake completed successfully');
    await sipe(s, `process_input_message: removing CSeq ${s.cseq}`);
    await sipe(s, `sipe_schedule_remove: action name=<transaction timeout><${callId}><${s.cseq} REGISTER>`);
  }
  return { bytes: await w.close() };
}
