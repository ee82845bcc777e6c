/** SIGNKEY/SEALKEY with extended session security (§3.4.5.2, §3.4.5.3). */
import { NTLM_FLAG } from './flags.js';
import { md5 } from './hash.js';

export interface NtlmSessionKeys {
  clientSign: Buffer;
  serverSign: Buffer;
  clientSeal: Buffer;
  serverSeal: Buffer;
}

export function ntlmSessionKeys(exportedSessionKey: Buffer, flags: number): NtlmSessionKeys {
  const magic = (s: string): Buffer => Buffer.from(`session key to ${s} key magic constant\0`, 'latin1');
  const sealBase = flags & NTLM_FLAG.KEY_128
    ? exportedSessionKey
    : flags & NTLM_FLAG.KEY_56 ? exportedSessionKey.subarray(0, 7) : exportedSessionKey.subarray(0, 5);
  return {
    clientSign: md5(exportedSessionKey, magic('client-to-server signing')),
    serverSign: md5(exportedSessionKey, magic('server-to-client signing')),
    clientSeal: md5(sealBase, magic('client-to-server sealing')),
    serverSeal: md5(sealBase, magic('server-to-client sealing')),
  };
}
