/**
 * Byte → text helpers for debug logs (pure; read.ts does the I/O). Logs come from Linux (UTF-8),
 * Windows Pidgin (often Windows-1252 when saved from the Debug window) and editors (UTF-16 with BOM).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/** Windows-1252 0x80–0x9F (the only range where it differs from Latin-1); undefined slots stay as is. */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const b = bytes[i] as number;
    out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] as number) : b);
  }
  return out;
}

export type TextEncodingGuess = 'utf-8' | 'utf-16le' | 'utf-16be';

/** BOM sniffing; returns the encoding and how many bytes the BOM takes. */
export function sniffBom(head: Uint8Array): { encoding: TextEncodingGuess; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // UTF-16 without BOM: every other byte NUL in ASCII text
  if (head.length >= 8) {
    let evenNul = 0;
    let oddNul = 0;
    const n = Math.min(head.length, 512) & ~1;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul += 1;
      if (head[i + 1] === 0) oddNul += 1;
    }
    const pairs = n / 2;
    if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return { encoding: 'utf-16le', bomLength: 0 };
    if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return { encoding: 'utf-16be', bomLength: 0 };
  }
  return { encoding: 'utf-8', bomLength: 0 };
}

/** True when the head of a (non-UTF-16) file looks like binary data rather than text. */
export function looksBinary(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let bad = 0;
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i += 1) {
    const b = head[i] as number;
    // NUL and C0 controls other than TAB, LF, VT, FF, CR, ESC (colour codes)
    if (b === 0 || (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27)) bad += 1;
  }
  return bad > n * 0.1;
}

/**
 * Legacy encodings a translated client's log may be in (Windows Pidgin saving its Debug window in
 * the ANSI code page, a terminal in a legacy locale), most likely first among equals.
 */
const LEGACY_ENCODINGS: readonly string[] = [
  'windows-1252', 'windows-1250', 'iso-8859-2', 'windows-1251', 'koi8-r', 'iso-8859-7', 'windows-1253',
  'windows-1254', 'windows-1257', 'iso-8859-15', 'shift_jis', 'euc-jp', 'gbk', 'big5', 'euc-kr',
];
const decoders = new Map<string, TextDecoder>();
function decoderFor(label: string): TextDecoder {
  let d = decoders.get(label);
  if (!d) decoders.set(label, (d = new TextDecoder(label, { fatal: true })));
  return d;
}

const LETTER = /\p{L}/u;
const KANA = /[\u3040-\u30ff]/u;
const HANGUL = /[\uac00-\ud7af]/u;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]/u;
const HALFWIDTH_KANA = /[\uff61-\uff9f]/u;
const ASCII_LETTER = /[A-Za-z]/;
/**
 * Frequent characters of each East-Asian language's UI and error texts: GBK, Big5, EUC-KR and the
 * Japanese encodings read each other's bytes as valid but rarer characters.
 */
const COMMON: Readonly<Record<string, string>> = {
  gbk: '的一是不了在人有我这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心本前开但因只从想实连接拒绝失败错误服务器无法网络超时证书认证登录名称未知主机路由请检查账户密码',
  big5: '的一是不了在人有我這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心本前開但因只從想實連線拒絕失敗錯誤伺服器無法網路逾時憑證認證登入名稱未知主機路由請檢查帳戶密碼',
  ja: '接続拒否失敗名前不明時間切証明書認証登録主機経路見付無効期限的一人日大年中出本事自分行会見上下目前後生入手方何時間',
  ko: '이다는의에하가고을를서지기로한있수니습되연결거부됨없오류실패서버인증시간초과이름알려진호스트경로확인계정암호비밀번호요청',
};
const COMMON_OF: Readonly<Record<string, string>> = { gbk: 'gbk', big5: 'big5', shift_jis: 'ja', 'euc-jp': 'ja', 'euc-kr': 'ko' };

const SCRIPTS: readonly [string, RegExp][] = [
  ['latin', /\p{Script=Latin}/u], ['cyrillic', /\p{Script=Cyrillic}/u], ['greek', /\p{Script=Greek}/u],
  ['cjk', CJK], ['arabic', /\p{Script=Arabic}/u], ['hebrew', /\p{Script=Hebrew}/u],
];

/**
 * How plausible the non-ASCII text of `bytes` is as `label`: translated UI text is letters of one
 * script (accents, Cyrillic, kana, Hangul, Han); a wrong guess shows symbols (³, ¤, ±), C1
 * controls or letters of mixed scripts. Undefined when the bytes are not valid in that encoding.
 */
function plausibility(bytes: Uint8Array, label: string): number | undefined {
  let text: string;
  try {
    // node's TextDecoder reads the 'windows-1252' label as Latin-1 (0x80–0x9F as C1 controls)
    text = label === 'windows-1252' ? decodeWindows1252(bytes) : decoderFor(label).decode(bytes);
  } catch {
    return undefined;
  }
  let score = 0;
  const scripts = new Map<string, number>();
  const common = COMMON[COMMON_OF[label] ?? ''] ?? '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i += 1) {
    const ch = chars[i] as string;
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) continue;
    const prev = chars[i - 1] ?? '';
    const next = chars[i + 1] ?? '';
    if (HALFWIDTH_KANA.test(ch)) {
      score -= 1;
      continue;
    }
    // East-Asian text is not glued to Latin letters; accented Latin letters come one at a time amid ASCII ones
    if (LETTER.test(ch) && !/\p{Script=Latin}/u.test(ch) && (ASCII_LETTER.test(prev) || ASCII_LETTER.test(next))) {
      score -= 3;
      continue;
    }
    if (/\p{Script=Latin}/u.test(ch) && (prev.codePointAt(0) ?? 0) >= 0x80 && /\p{Script=Latin}/u.test(prev) && !ASCII_LETTER.test(next) && !ASCII_LETTER.test(chars[i - 2] ?? '')) {
      score -= 1.5;
      continue;
    }
    if (common.includes(ch)) score += 2;
    if (cp < 0xa0 || ch === '\uFFFD' || (cp >= 0xe000 && cp <= 0xf8ff)) {
      score -= 6;
      continue;
    }
    const weight = CJK.test(ch) ? 2 : 1;
    if (/\p{Sc}/u.test(ch)) continue; // € £ ¥: common in any language's text
    if (!LETTER.test(ch)) {
      score -= 2 * weight;
      continue;
    }
    score += weight + (ch !== ch.toUpperCase() ? 0.25 : 0);
    if (KANA.test(ch) && (label === 'shift_jis' || label === 'euc-jp')) score += 1;
    if (HANGUL.test(ch) && label === 'euc-kr') score += 1;
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'other';
    scripts.set(script, (scripts.get(script) ?? 0) + weight);
  }
  // one script: the text of one language
  const total = [...scripts.values()].reduce((a, b) => a + b, 0);
  const top = Math.max(0, ...scripts.values());
  return score - (total - top) * 2;
}

/**
 * The legacy encoding that reads these bytes (a line that is not UTF-8) most plausibly; ties go to
 * the earlier, more common one. A hand-made judgement: a debug log's translated text comes in
 * short fragments amid English lines, too little for statistical detectors (measured: they took
 * ISO-8859-1 for Polish, Russian, Japanese, Chinese and Korean lines).
 */
export function guessLegacyEncoding(bytes: Uint8Array): string {
  let best = 'windows-1252';
  let bestScore = -Infinity;
  for (const label of LEGACY_ENCODINGS) {
    const s = plausibility(bytes, label);
    if (s !== undefined && s > bestScore) {
      best = label;
      bestScore = s;
    }
  }
  return best;
}

/**
 * Decodes one line's bytes. UTF-8 first; a line that is not valid UTF-8 decides the file's legacy
 * encoding (guessLegacyEncoding: Windows-125x, ISO-8859-x, Shift_JIS, EUC-JP, GBK, Big5, EUC-KR)
 * unless the file has already shown real multi-byte UTF-8 (then invalid bytes become U+FFFD).
 */
export class LineDecoder {
  private sawUtf8 = false;
  private cp1252 = false;
  private legacy: { label: string; decoder: TextDecoder } | undefined;

  /** the file's encoding as decided so far */
  get mode(): string {
    return this.legacy?.label ?? (this.cp1252 ? 'windows-1252' : 'utf-8');
  }

  /**
   * Windows-1250 and ISO-8859-2 read most Polish, Czech … letters alike (ł ę ó) and differ on a few (ą ś ź);
   * a first line without those ties, and the earlier one (1250) won. The choice stays open until a line
   * tells them apart; the lines before read the same in both.
   */
  private tentative = false;

  private chooseLegacy(bytes: Uint8Array): void {
    this.cp1252 = true;
    const label = guessLegacyEncoding(bytes);
    this.legacy = label !== 'windows-1252' ? { label, decoder: new TextDecoder(label) } : undefined;
    this.tentative = (label === 'windows-1250' || label === 'iso-8859-2') && CENTRAL_EUROPEAN_TWINS.every((l) => sameIn(bytes, l, label));
  }

  /** A tentative Central European choice meets another line with high bytes: choose again from it. */
  private reconsider(bytes: Uint8Array): void {
    if (!this.tentative || isAscii(bytes)) return;
    this.chooseLegacy(bytes);
  }

  private decodeLegacy(bytes: Buffer): string {
    return this.legacy ? this.legacy.decoder.decode(bytes) : decodeWindows1252(bytes);
  }

  /** The file's encoding is decided: lines no longer change what decode() does. */
  get settled(): boolean {
    return this.sawUtf8 || (this.cp1252 && !this.tentative);
  }

  /**
   * What decode() would learn about the file's encoding from a line that is not decoded (the byte
   * scanner skips it): valid multi-byte UTF-8 or not, from the bytes alone.
   */
  observe(bytes: Buffer): void {
    if (this.settled || isAscii(bytes)) return;
    if (this.cp1252) this.reconsider(bytes);
    else if (!isUtf8(bytes)) this.chooseLegacy(bytes);
    // a literal U+FFFD (EF BF BD) in valid UTF-8 teaches decode() nothing either
    else if (bytes.indexOf(REPLACEMENT) < 0) this.sawUtf8 = true;
  }

  decode(bytes: Buffer): string {
    const text = bytes.toString('utf8');
    if (!this.sawUtf8 && !this.cp1252 && !text.includes('\uFFFD') && hasHighByte(bytes)) this.sawUtf8 = true;
    if (this.cp1252 && this.tentative && hasHighByte(bytes)) this.reconsider(bytes);
    if (this.cp1252) return stripNul(hasHighByte(bytes) ? this.decodeLegacy(bytes) : text);
    if (!text.includes('\uFFFD') || isUtf8(bytes)) return stripNul(text);
    if (this.sawUtf8) return stripNul(text);
    this.chooseLegacy(bytes);
    return stripNul(this.decodeLegacy(bytes));
  }
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

const CENTRAL_EUROPEAN_TWINS: readonly string[] = ['windows-1250', 'iso-8859-2'];

/** Do these bytes read the same in `a` and `b`? */
function sameIn(bytes: Uint8Array, a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return new TextDecoder(a).decode(bytes) === new TextDecoder(b).decode(bytes);
  } catch {
    return false;
  }
}

function hasHighByte(bytes: Buffer): boolean {
  return !isAscii(bytes);
}

function stripNul(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, '') : text;
}
