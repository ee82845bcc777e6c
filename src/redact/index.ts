/**
 * The one redactor. Two entry points over the same rules:
 * - `createRedactor` / `redactLine`: SIPE debug-log lines as they are read (streaming, follows
 *   multi-line spans), so no recognizer ever holds a secret;
 * - `redactSecrets` / `redactSecretsDeep`: any text or JSON-like value at an output boundary
 *   (reports in every format, saved evidence, replay, triage, the tool's own log, config diffs).
 */
export { REDACTED } from './marker.js';
export { createRedactor, redactLine, MAX_REDACT_LINE_CHARS, type Redaction, type Redactor, type StreamRedactor } from './log-lines.js';
export { isSecretName, RedactionMemo, redactSecrets, redactSecretsCounted, redactSecretsDeep, type SecretRedaction } from './secrets.js';
