/** NTLMv2 responses (§3.3.2): what the client sends and what the server recomputes. */
import { hmacMd5, ntowfV2 } from './hash.js';

export interface NtlmV2Parts {
  ntProofStr: Buffer;
  ntResponse: Buffer;
  lmResponse: Buffer;
  sessionBaseKey: Buffer;
}

export function computeNtlmV2(o: {
  /** NTOWFv2 of the account */
  responseKey: Buffer;
  serverChallenge: Buffer;
  clientChallenge: Buffer;
  time: Buffer;
  targetInfo: Buffer;
}): NtlmV2Parts {
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), o.time, o.clientChallenge, Buffer.alloc(4), o.targetInfo, Buffer.alloc(4),
  ]);
  const ntProofStr = hmacMd5(o.responseKey, o.serverChallenge, temp);
  return {
    ntProofStr,
    ntResponse: Buffer.concat([ntProofStr, temp]),
    lmResponse: Buffer.concat([hmacMd5(o.responseKey, o.serverChallenge, o.clientChallenge), o.clientChallenge]),
    sessionBaseKey: hmacMd5(o.responseKey, ntProofStr),
  };
}

/** Same, from the password. */
export function ntlmV2Response(o: {
  password: string; user: string; domain: string; serverChallenge: Buffer; clientChallenge: Buffer; time: Buffer; targetInfo: Buffer;
}): NtlmV2Parts {
  return computeNtlmV2({
    responseKey: ntowfV2(o.password, o.user, o.domain),
    serverChallenge: o.serverChallenge, clientChallenge: o.clientChallenge, time: o.time, targetInfo: o.targetInfo,
  });
}
