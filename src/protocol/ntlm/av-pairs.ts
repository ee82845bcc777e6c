/** Target-info AV pairs (§2.2.2.1) and the FILETIME that MsvAvTimestamp carries. */
export const AV_ID = {
  EOL: 0,
  NB_COMPUTER: 1,
  NB_DOMAIN: 2,
  DNS_COMPUTER: 3,
  DNS_DOMAIN: 4,
  DNS_TREE: 5,
  FLAGS: 6,
  TIMESTAMP: 7,
} as const;

export interface AvPair {
  id: number;
  value: Buffer;
}

export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const p of pairs) {
    const head = Buffer.alloc(4);
    head.writeUInt16LE(p.id, 0);
    head.writeUInt16LE(p.value.length, 2);
    parts.push(head, p.value);
  }
  parts.push(Buffer.alloc(4)); // MsvAvEOL
  return Buffer.concat(parts);
}

/** The pairs up to MsvAvEOL or the first one that runs past the end; `complete` says MsvAvEOL was reached. */
export function readAvPairs(buf: Buffer): { pairs: AvPair[]; complete: boolean } {
  const pairs: AvPair[] = [];
  let off = 0;
  while (off + 4 <= buf.length) {
    const id = buf.readUInt16LE(off);
    const len = buf.readUInt16LE(off + 2);
    if (id === AV_ID.EOL) return { pairs, complete: true };
    if (off + 4 + len > buf.length) break;
    pairs.push({ id, value: buf.subarray(off + 4, off + 4 + len) });
    off += 4 + len;
  }
  return { pairs, complete: false };
}

/** Strict decoding: undefined unless the list is well formed and ends in MsvAvEOL. */
export function decodeAvPairs(buf: Buffer): AvPair[] | undefined {
  const r = readAvPairs(buf);
  return r.complete ? r.pairs : undefined;
}

/** Windows FILETIME (100 ns ticks since 1601) of an epoch-ms time. */
export function fileTime(epochMs: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(Math.round(epochMs)) + 11_644_473_600_000n) * 10_000n);
  return b;
}
