import * as fc from 'fast-check';
import { CAPABILITIES, CRISIS_KINDS, parseEvent } from '@imc/contracts';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import { resolveCrisisModel } from './crisis-model';
import { sampleCrises } from './sample-crises';

/**
 * The `model` of POST /v1/stress-tests and `stress --model` is caller input: whatever it holds,
 * validation answers (never throws), and a model it accepts samples crises that parseEvent
 * accepts too, as the world trusts its input to be valid.
 */
const params = fuzzParameters(400);
const near = <T>(valid: fc.Arbitrary<T>) => fc.oneof(valid, fc.anything(), fc.constant(undefined));
const int = fc.oneof(fc.integer({ min: -2, max: 60 }), fc.double(), fc.constant(Number.NaN), fc.constant('3'));
const requirement = fc.record(
  { capability: near(fc.constantFrom(...CAPABILITIES)), min: int, max: int, priority: int, allowCaution: near(fc.boolean()) },
  { requiredKeys: [] },
);
const kind = fc.record(
  { kind: near(fc.constantFrom(...CRISIS_KINDS)), weight: near(fc.double({ min: -1, max: 100 })), scheduled: near(fc.boolean()), requirements: near(fc.array(requirement, { maxLength: 4 })) },
  { requiredKeys: [] },
);
const range = fc.record({ min: int, max: int }, { requiredKeys: [] });
const model = fc.oneof(
  fc.anything(),
  fc.record(
    {
      crisesPer90Days: near(fc.double({ min: -1, max: 30 })),
      kinds: near(fc.array(kind, { maxLength: 3 })),
      severity: near(range),
      durationDays: near(range),
      missions: near(fc.array(fc.constantFrom('UNMIL', 'UNOCI', 'MONUSCO', ''), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);

describe('crisis model validation (fuzz)', () => {
  it('never throws; an accepted model samples only valid events', () => {
    fc.assert(
      fc.property(model, fc.nat(1000), fc.integer({ min: 1, max: 400 }), (input, seed, horizonDays) => {
        const verdict = resolveCrisisModel(input);
        if (!verdict.ok) {
          expect(verdict.errors.length).toBeGreaterThan(0);
          for (const e of verdict.errors) expect(e.field.startsWith('model')).toBe(true);
          return;
        }
        const missions = verdict.model.missions ?? ['UNMIL', 'UNOCI'];
        const events = sampleCrises(verdict.model, { seed, index: seed % 7, asOf: '2012-11-26T00:00:00.000Z', horizonDays, missions });
        for (const event of events) {
          const parsed = parseEvent(JSON.stringify(event));
          if (!parsed.ok) throw new Error(`${JSON.stringify(event)}: ${parsed.reason}`);
        }
      }),
      params,
    );
  });
});
