import fc from 'fast-check';
import { parsePasted } from './what-if-events';

const seed = Number(process.env.IMC_FUZZ_SEED ?? 11);
const numRuns = Number(process.env.IMC_FUZZ_RUNS ?? 2000);

describe('parsePasted (fuzz)', () => {
  it('never throws, and gives either objects only or an error, for any pasted text', () => {
    const pasted = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.array(fc.json(), { maxLength: 4 }).map((lines) => lines.join('\n')),
    );
    fc.assert(
      fc.property(pasted, (text) => {
        const out = parsePasted(text);
        if ('error' in out) expect(typeof out.error).toBe('string');
        else {
          expect(out.events.length).toBeGreaterThan(0);
          for (const e of out.events) expect(e !== null && typeof e === 'object' && !Array.isArray(e)).toBe(true);
        }
      }),
      { seed, numRuns },
    );
  });
});
