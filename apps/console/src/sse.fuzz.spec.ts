import fc from 'fast-check';
import { SseParser, SseEvent } from './sse';

const seed = Number(process.env.IMC_FUZZ_SEED ?? 11);
const numRuns = Number(process.env.IMC_FUZZ_RUNS ?? 2000);

/** One event as a server writes it: a name, data lines without line breaks, a blank line. */
const event = fc.record({
  event: fc.stringMatching(/^[a-z]{1,8}$/),
  lines: fc.array(fc.string().map((t) => t.replace(/[\r\n]/g, ' ')), { minLength: 1, maxLength: 3 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
});

describe('SseParser (fuzz)', () => {
  it('never throws on arbitrary text cut anywhere', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.array(fc.nat(), { maxLength: 5 }), (text, cuts) => {
        const p = new SseParser();
        let at = 0;
        for (const c of [...cuts.map((n) => n % (text.length + 1)).sort((a, b) => a - b), text.length]) {
          p.push(text.slice(at, c));
          at = c;
        }
      }),
      { seed, numRuns },
    );
  });

  it('reads back every event written, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
        const text = events.map((e) => `event: ${e.event}${e.eol}${e.lines.map((l) => `data: ${l}${e.eol}`).join('')}${e.eol}`).join('');
        const p = new SseParser();
        const got: SseEvent[] = [];
        let at = 0;
        for (const c of [...cuts.map((n) => n % (text.length + 1)).sort((a, b) => a - b), text.length]) {
          got.push(...p.push(text.slice(at, c)));
          at = c;
        }
        expect(got).toEqual(events.map((e) => ({ event: e.event, data: e.lines.join('\n') })));
      }),
      { seed, numRuns },
    );
  });
});
