/**
 * NTLMSSP_MESSAGE_SIGNATURE with extended session security (§3.4.4.2) in connection-less mode: the sealing
 * handle is re-initialised per message from MD5(SealKey + SeqNum) (§3.4.3), so messages can be checked out of order.
 */
import { hmacMd5, md5 } from './hash.js';
import { createRc4, type Rc4 } from './rc4.js';

export function ntlmMac(o: {
  signKey: Buffer; sealKey: Buffer; seqNum: number; message: Buffer; keyExch: boolean;
  /** connection-oriented mode: the running sealing handle instead of a per-message one */
  handle?: Rc4;
}): Buffer {
  const seq = Buffer.alloc(4);
  seq.writeUInt32LE(o.seqNum >>> 0);
  let checksum = hmacMd5(o.signKey, seq, o.message).subarray(0, 8);
  if (o.keyExch) checksum = (o.handle ?? createRc4(md5(o.sealKey, seq))).update(checksum);
  return Buffer.concat([Buffer.from([1, 0, 0, 0]), checksum, seq]);
}
