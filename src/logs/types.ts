/** One physical line of a debug log, after decoding. */
export interface LogLine {
  /** 1-based line number in its file */
  no: number;
  text: string;
  /** the physical line was longer than the reader's cap and was cut (optional) */
  truncated?: boolean;
}

/** A libpurple debug line: `(HH:MM:SS) category: text`, plus continuation lines with no prefix. */
export interface LogRecord {
  file: string;
  /** first and last physical line */
  lines: readonly [number, number];
  /** `HH:MM:SS` as printed, or undefined for continuation-only records */
  time?: string;
  /** optional date from an extra prefix (Windows Debug window saves, copied timestamps) */
  date?: string;
  category: string;
  /** the first line's text after `category: ` */
  text: string;
  /** continuation lines (already redacted when the record reaches recognizers) */
  continuation: readonly string[];
}

/** A SIP or HTTP message dump assembled from one or more records. */
export interface MessageDump {
  file: string;
  lines: readonly [number, number];
  time?: string;
  protocol: 'SIP' | 'HTTP';
  direction: 'sent' | 'received';
  /** connection pointer `0x…` (1.24+), used to attribute a message to a peer */
  connection?: string;
  /** ISO timestamp of the dump (1.11+) */
  timestamp?: string;
  /** the message text with LF line ends; undefined for the 1.24+ short form without body */
  text?: string;
}
