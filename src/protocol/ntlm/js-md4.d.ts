// js-md4 ships no types; only the call used here is declared (OpenSSL 3 has no MD4).
declare module 'js-md4' {
  interface Md4 {
    arrayBuffer(message: Uint8Array | ArrayBuffer | string): ArrayBuffer;
  }
  const md4: Md4;
  export default md4;
}
