import type { CliIo } from './io.js';

/** Colour: --color/--no-color wins, then NO_COLOR, then FORCE_COLOR, then "stdout is a terminal". */
export function resolveColor(flag: boolean | undefined, io: Pick<CliIo, 'env' | 'isTTY'>, toFile = false): boolean {
  if (flag !== undefined) return flag;
  const env = io.env;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return !(force === '0' || force === 'false');
  if (toFile) return false;
  return io.isTTY && env['TERM'] !== 'dumb';
}
