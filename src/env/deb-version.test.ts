import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDebVersions, parseDebVersion, upstreamOf } from './deb-version.js';

/** Each row as `dpkg --compare-versions A lt|eq|gt B` answers it (checked with dpkg 1.21). */
const DPKG: readonly [string, '<' | '=' | '>', string][] = [
  ['2.9.14+dfsg-1.3~deb12u2', '>', '2.9.14+dfsg-1.3~deb12u1'],
  ['2.9.14+dfsg-1.3~deb12u10', '>', '2.9.14+dfsg-1.3~deb12u2'], // digits compare as numbers, not text
  ['2.9.14+dfsg-1.3', '>', '2.9.14+dfsg-1.3~deb12u6'], // ~ sorts before the end
  ['2.9.14+dfsg-1.3ubuntu3', '>', '2.9.14+dfsg-1.3'],
  ['2.12.7+dfsg+really2.9.14-2.1', '>', '2.9.14+dfsg-1.3'],
  ['1:2.14.12-1', '>', '2.14.13-1'], // the epoch wins
  ['1.0', '<', '1.0a'],
  ['1.0~rc1', '<', '1.0'],
  ['1.01', '=', '1.1'], // leading zeros do not count
  ['1.0-1', '>', '1.0'],
  ['1.0', '<', '1.0+'],
  ['1.0+', '<', '1.0.'], // non-letters by character code, after letters
  ['1.0-1~', '<', '1.0-1'],
  ['2.9.14+dfsg-1.3~deb12u6', '=', '2.9.14+dfsg-1.3~deb12u6'],
  ['0:1.2', '=', '1.2'],
  ['1.2-3+b1', '>', '1.2-3'], // binNMU
  ['1.25.0-2.1+b1', '>', '1.25.0-2.1'],
  ['1.0a', '<', '1.0b'],
  ['2.9.10+dfsg-6.7+deb11u4', '<', '2.9.14+dfsg-1.3~deb12u2'],
];

describe('compareDebVersions', () => {
  it.each(DPKG)('%s %s %s', (a, op, b) => {
    const want = op === '<' ? -1 : op === '=' ? 0 : 1;
    expect(compareDebVersions(a, b)).toBe(want);
    expect(compareDebVersions(b, a)).toBe(want === 0 ? 0 : -want);
  });

  it('refuses what is not a Debian version', () => {
    for (const bad of ['', 'abc', 'x:1.0', '1.0-', '1.0-a b', ':1']) expect(compareDebVersions(bad, '1.0'), bad).toBeUndefined();
  });

  const version = fc
    .tuple(
      fc.option(fc.nat({ max: 3 }), { nil: undefined }),
      fc.stringMatching(/^\d[0-9a-z.+~]{0,8}$/),
      fc.option(fc.stringMatching(/^[0-9a-z.+~]{1,6}$/), { nil: undefined }),
    )
    .map(([e, u, r]) => `${e !== undefined ? `${e}:` : ''}${u}${r !== undefined ? `-${r}` : ''}`);

  it('is a total order: antisymmetric, reflexive and transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const ab = compareDebVersions(a, b)!;
        expect(compareDebVersions(a, a)).toBe(0);
        expect(compareDebVersions(b, a)).toBe(ab === 0 ? 0 : -ab);
        if (ab <= 0 && compareDebVersions(b, c)! <= 0) expect(compareDebVersions(a, c)!).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseDebVersion / upstreamOf', () => {
  it('splits epoch, upstream and revision at the first colon and the last hyphen', () => {
    expect(parseDebVersion('1:2.14.12-1ubuntu1')).toEqual({ epoch: 1, upstream: '2.14.12', revision: '1ubuntu1' });
    expect(parseDebVersion('2.12.7+dfsg+really2.9.14-2.1+deb13u1')).toEqual({ epoch: 0, upstream: '2.12.7+dfsg+really2.9.14', revision: '2.1+deb13u1' });
    expect(parseDebVersion('1.2-3-4')).toEqual({ epoch: 0, upstream: '1.2-3', revision: '4' });
    expect(upstreamOf('1.25.0-2.1+b1')).toBe('1.25.0');
    expect(upstreamOf('1.25.0')).toBe('1.25.0');
  });
});
