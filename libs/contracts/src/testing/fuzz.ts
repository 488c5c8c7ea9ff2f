import * as fc from 'fast-check';

/**
 * Settings of the property-based fuzz specs: seeded, so that a failure in CI replays exactly;
 * a few thousand cases by default, more with IMC_FUZZ_RUNS (e.g. 100000 for a long run) and
 * another seed with IMC_FUZZ_SEED. A counterexample fast-check prints is kept as a regression case.
 */
export function fuzzParameters(defaultRuns = 2000): { numRuns: number; seed: number } {
  const runs = Number(process.env.IMC_FUZZ_RUNS);
  const seed = Number(process.env.IMC_FUZZ_SEED);
  return { numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns, seed: Number.isInteger(seed) ? seed : 20261129 };
}

/**
 * Times a lenient ISO 8601 reader accepts but the contract's one RFC 3339 rule refuses: the forms
 * producers were seen sending (no seconds, no zone, a space, week and ordinal dates, a comma
 * fraction) and impossible calendar values. Shared by the parse specs and the fuzz generators.
 */
export const REFUSED_TIMES: readonly string[] = [
  '2012-11-27T00',
  '2010-12-02T00:00:00+01',
  '20101202T000000',
  '2010-W48-4',
  '2010-336',
  '2010-12-02T00:00:00,5Z',
  '2012-12-01 00:00:00',
  '2012-12-01 00:00:00Z',
  '2012-12-01T00:00Z',
  '2012-12-01',
  '2011-02-29T00:00:00Z',
  '2012-13-01T00:00:00Z',
  '2012-12-01T24:00:00Z',
  '2012-12-31T23:59:60Z',
  '2012-12-01T00:00:00+24:00',
  '2012-12-01t00:00:00z',
];

/** Every refused time form above, valid RFC 3339 ones with offsets and fractions, and near misses. */
export const timeText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...REFUSED_TIMES,
    '9999-12-31T23:59:59-23:59',
    '0000-01-01T00:00:00+23:59',
    '+275760-09-13T00:00:00.000Z',
  ),
  fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 60 }),
      second: fc.integer({ min: 0, max: 61 }),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }),
      zone: fc.oneof(fc.constant('Z'), fc.constant(''), fc.constant('z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 60 })).map(([s, h, m]) => `${s}${pad(h)}:${pad(m)}`)),
      separator: fc.constantFrom('T', 'T', 'T', ' ', 't'),
    })
    .map((t) => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}${t.separator}${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${t.fraction ? `.${t.fraction}` : ''}${t.zone}`),
  fc.string(),
);

/** Valid RFC 3339 times only, within years the domain plans in. */
export const validTime: fc.Arbitrary<string> = fc
  .record({
    ms: fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
    offset: fc.integer({ min: -14 * 60, max: 14 * 60 }),
    fraction: fc.boolean(),
  })
  .map(({ ms, offset, fraction }) => {
    const local = new Date(ms + offset * 60_000).toISOString().slice(0, fraction ? 23 : 19);
    const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    return `${local}${zone}`;
  });

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
