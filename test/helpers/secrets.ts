/**
 * The values that are secret wherever they occur in a raw SIPE debug log, for leak tests (the
 * redaction of logs, collect bundles).
 */
export function harvestSecrets(text: string): Set<string> {
  const out = new Set<string>();
  const take = (re: RegExp, group = 1): void => {
    for (const m of text.matchAll(re)) {
      const v = m[group];
      if (v !== undefined && v.length >= 8) out.add(v);
    }
  };
  take(/(?:gssapi-data|opaque|response|rspauth|crand|srand)="([^"]+)"/gi);
  take(/Authorization: \S+ (.+)$/gim);
  take(/^\s*(?:lm_resp|nt_resp raw|nt_resp|client_challenge|server_challenge|session_key|target_info raw): (\S+)/gm);
  take(/exported session key \(not encrypted\): (\S+)/g);
  take(/NTLM calculated MAC: (\S+)/g);
  take(/signature to verify is:(\S+)/g);
  take(/token '([^'<]+)'/g);
  take(/<(?:\w+:)?(?:Password|BinarySecret|CipherValue|SignatureValue)[^>]*>([^<]+)</g);
  take(/X-MS-WebTicket: opaque=(\S+)/gi);
  take(/(?:Set-)?Cookie: [^=\s]+=([^;\s]+)/gi);
  take(/\bHA[12] (\S+)/g);
  take(/(?:pre-master secret|master secret|key block)\s*\(\s*\d+\)\s*=\s*(\S+)/gi);
  // every base64 run inside a secret element, also when the element spans lines (PKCS#10, SAML, Security header)
  const element = /<((?:[\w.-]+:)?(?:Security|Assertion|BinarySecurityToken|BinarySecret|RequestedProofToken|EncryptedData|CipherValue|SignatureValue|Password))(?=[\s>])[^>]*>([\s\S]*?)<\/\1\s*>/gi;
  for (const m of text.matchAll(element)) {
    // a DigestValue is the hash of the public timestamp (SIPE also prints it in `sipe_xml_exc_c14n:`)
    const content = (m[2] ?? '').replace(/<DigestValue>[^<]*<\/DigestValue>/g, '');
    for (const run of content.matchAll(/[A-Za-z0-9+/=]{16,}/g)) if (/\d/.test(run[0]) && /[A-Z]/.test(run[0])) out.add(run[0]);
  }
  // the lab's dummy passwords (fixtures/lab/NOTES.md)
  for (const pw of ['Passw0rd!', 'Wr0ng-Passw0rd!']) if (text.includes(pw)) out.add(pw);
  return out;
}
