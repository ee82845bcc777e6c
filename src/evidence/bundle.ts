import type { Draft, Kind, Observation, Of, Source } from './kinds.js';
import { KINDS } from './kinds.js';

/** What `--save-evidence` writes and `replay` reads. Versioned: readers refuse other versions. */
export interface EvidenceBundle {
  schemaVersion: 1;
  mode: 'live' | 'log' | 'config';
  /** the sign-in address or the file names the evidence is about */
  target?: string;
  observations: readonly Observation[];
  /** a probe that crashed (not a network failure: those are observations) */
  probeErrors: readonly { probe: string; message: string; affects: readonly Kind[] }[];
  parseStats?: ParseStats;
  /**
   * what the producer deliberately did not test, and why — e.g. "no
   * password given; authentication not tested". Not errors: shown as report warnings.
   */
  notes?: readonly string[];
}

export interface ParseStats {
  lines: number;
  /** lines that belonged to a recognised record */
  recognized: number;
  files: readonly string[];
  /** lines that looked like libpurple debug output */
  debugLines: number;
  sipeLines: number;
  /** SIP/HTTP message dumps found */
  messages: number;
  /** log generation detected: `1.10`, `1.11-1.21`, `1.22-1.23`, `1.24+` */
  generation?: string;
  /** lines dropped because they were over the per-line cap */
  truncatedLines: number;
  /** secret values replaced in the lines that were read (lines the reader skipped unread are not counted) */
  redactions: number;
  /**
   * inputs that are fragments: `tail` = debug lines without the start of a sign-in (a pasted tail,
   * a few lines); `messages` = SIP/HTTP messages pasted without the debug log around them
   */
  fragments?: readonly { file: string; kind: 'tail' | 'messages' }[];
  /** problems with an input that left part of it unread (a truncated .gz), one message each */
  incompleteInputs?: readonly string[];
  /**
   * Evidence left out so that memory does not grow with the log (src/logs/observations.ts): the oldest
   * sign-in attempts of a long log, and the middle of each kind of observation within an attempt
   * (its first and last ones are kept, the exchanges that end the log in full).
   */
  summarised?: {
    /** attempts left out whole */
    attempts: number;
    /** per attempt and kind: observations kept and left out */
    observations: readonly { attempt?: string; kind: Kind; kept: number; omitted: number }[];
    /**
     * of the attempts left out, the ones read lightly (only who signed in; their messages counted,
     * not read: src/logs/light.ts), and the bytes they span
     */
    lightlyRead?: { attempts: number; bytes: number };
  };
}

/** Give drafts their ids and default source, in order. */
export function stampDrafts(drafts: readonly Draft[], fallback: Source, startAt = 1): Observation[] {
  return drafts.map((d, i) => ({ ...d, id: `o${startAt + i}`, source: d.source ?? fallback }) as Observation);
}

export class BundleError extends Error {}

/**
 * Bundles saved before `sip.user-agent-test` existed carry check's User-Agent tests as
 * `sip.register` with `uaProbe: true`: read them as the kind they are.
 */
function upgradeObservation(o: Observation): Observation {
  if (o.kind !== 'sip.register' || (o.data as { uaProbe?: unknown }).uaProbe !== true) return o;
  const { userAgent, registrar, transport, status, reasonPhrase, outcome, msDiagnostics, warnings, server } = o.data;
  const data: Of<'sip.user-agent-test'>['data'] = {
    userAgent: userAgent ?? '',
    outcome,
    ...(registrar !== undefined ? { registrar } : {}),
    ...(transport !== undefined ? { transport } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(reasonPhrase !== undefined ? { reasonPhrase } : {}),
    ...(msDiagnostics !== undefined ? { msDiagnostics } : {}),
    ...(warnings !== undefined ? { warnings } : {}),
    ...(server !== undefined ? { server } : {}),
  };
  return { ...o, kind: 'sip.user-agent-test', data };
}

/** Validate an untrusted JSON value as an evidence bundle (shape checks, not deep schema). */
export function parseBundle(value: unknown): EvidenceBundle {
  if (!value || typeof value !== 'object') throw new BundleError('not an evidence bundle (expected a JSON object)');
  const v = value as Record<string, unknown>;
  if (v['schemaVersion'] !== 1) {
    throw new BundleError(`unsupported evidence bundle schemaVersion ${JSON.stringify(v['schemaVersion'])} (this sipe-doctor reads 1)`);
  }
  if (!Array.isArray(v['observations'])) throw new BundleError('evidence bundle has no observations array');
  const observations = v['observations'] as unknown[];
  observations.forEach((o, i) => {
    const obs = o as Record<string, unknown> | null;
    if (!obs || typeof obs !== 'object' || typeof obs['kind'] !== 'string' || !KINDS.includes(obs['kind'] as Kind)) {
      throw new BundleError(`observation ${i} has an unknown kind`);
    }
    if (typeof obs['id'] !== 'string' || !obs['data'] || typeof obs['data'] !== 'object' || !obs['source']) {
      throw new BundleError(`observation ${i} lacks id, source or data`);
    }
  });
  const mode = v['mode'];
  if (mode !== 'live' && mode !== 'log' && mode !== 'config') throw new BundleError('evidence bundle has an unknown mode');
  return {
    schemaVersion: 1,
    mode,
    ...(typeof v['target'] === 'string' ? { target: v['target'] } : {}),
    observations: (observations as Observation[]).map(upgradeObservation),
    probeErrors: Array.isArray(v['probeErrors']) ? (v['probeErrors'] as EvidenceBundle['probeErrors']) : [],
    ...(v['parseStats'] && typeof v['parseStats'] === 'object' ? { parseStats: v['parseStats'] as ParseStats } : {}),
    ...(Array.isArray(v['notes']) ? { notes: (v['notes'] as unknown[]).filter((n): n is string => typeof n === 'string') } : {}),
  };
}
