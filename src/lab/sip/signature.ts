/**
 * The string a [MS-SIPAE] (version 3) message signature covers: each value in angle brackets, as it appears in
 * the message — scheme, rand, num, realm, targetname, Call-ID, CSeq number, CSeq method, From URI, From tag,
 * To URI, To tag, P-Asserted-Identity SIP URI, P-Asserted-Identity tel URI, Expires, and for responses the status.
 */
import { headerValue, headerValues } from '../../protocol/sip/parse.js';
import type { SipMessage } from '../../protocol/sip/types.js';

export interface SignatureContext {
  scheme: string;
  /** crand (client) or srand (server) */
  rand: string;
  /** cnum (client) or snum (server) */
  num: string;
  realm: string;
  targetname: string;
}

/** URI of a name-addr (`"Alice" <sip:a@b>;tag=1` → `sip:a@b`) or of an addr-spec (`sip:a@b;tag=1` → `sip:a@b`). */
function addressUri(value: string | undefined): string {
  if (value === undefined) return '';
  const angle = /<([^>]*)>/.exec(value);
  if (angle) return angle[1] ?? '';
  return value.split(';')[0]?.trim() ?? '';
}

function tagOf(value: string | undefined): string {
  if (value === undefined) return '';
  const outside = value.replace(/<[^>]*>/g, '');
  return /;\s*tag=([^;\s]+)/i.exec(outside)?.[1] ?? '';
}

export function signatureString(msg: SipMessage, ctx: SignatureContext): string {
  const cseq = (headerValue(msg, 'CSeq') ?? '').trim().split(/\s+/);
  const from = headerValue(msg, 'From') ?? headerValue(msg, 'f');
  const to = headerValue(msg, 'To') ?? headerValue(msg, 't');
  const pai = headerValues(msg, 'P-Asserted-Identity').flatMap((v) => v.split(',')).map(addressUri);
  const parts = [
    ctx.scheme, ctx.rand, ctx.num, ctx.realm, ctx.targetname,
    headerValue(msg, 'Call-ID') ?? headerValue(msg, 'i') ?? '',
    cseq[0] ?? '', cseq[1] ?? '',
    addressUri(from), tagOf(from), addressUri(to), tagOf(to),
    pai.find((u) => u.startsWith('sip:')) ?? '', pai.find((u) => u.startsWith('tel:')) ?? '',
    (headerValue(msg, 'Expires') ?? '').trim(),
  ];
  if (msg.type === 'response') parts.push(String(msg.status ?? ''));
  return parts.map((p) => `<${p}>`).join('');
}
