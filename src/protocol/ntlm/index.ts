/**
 * NTLM primitives written from [MS-NLMP], shared by the lab's server side (src/lab/sip/ntlm.ts) and the
 * probes' client side (src/probes/ntlm-client.ts). Pure: no I/O; message builders/parsers live with their users.
 */
export { NTLM_FLAG, NTLMSSP_SIGNATURE } from './flags.js';
export { hmacMd5, md4Hash, md5, ntowfV2, utf16 } from './hash.js';
export { createRc4, rc4, type Rc4 } from './rc4.js';
export { AV_ID, decodeAvPairs, encodeAvPairs, fileTime, readAvPairs, type AvPair } from './av-pairs.js';
export { computeNtlmV2, ntlmV2Response, type NtlmV2Parts } from './ntlmv2.js';
export { ntlmSessionKeys, type NtlmSessionKeys } from './session-keys.js';
export { ntlmMac } from './mac.js';
export { readSecurityBuffer, withSecurityBuffers } from './security-buffer.js';
