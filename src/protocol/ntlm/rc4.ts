/** RC4 keystream (NTLM key exchange and signature sealing); OpenSSL 3 only offers it in the legacy provider. */
export interface Rc4 {
  update(data: Uint8Array): Buffer;
}

export function createRc4(key: Uint8Array): Rc4 {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  let j = 0;
  for (let i = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    const t = s[i]!;
    s[i] = s[j]!;
    s[j] = t;
  }
  let x = 0;
  let y = 0;
  return {
    update(data: Uint8Array): Buffer {
      const out = Buffer.alloc(data.length);
      for (let k = 0; k < data.length; k++) {
        x = (x + 1) & 0xff;
        y = (y + s[x]!) & 0xff;
        const t = s[x]!;
        s[x] = s[y]!;
        s[y] = t;
        out[k] = data[k]! ^ s[(s[x]! + s[y]!) & 0xff]!;
      }
      return out;
    },
  };
}

export function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  return createRc4(key).update(data);
}
