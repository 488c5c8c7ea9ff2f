import * as fc from 'fast-check';
import { CAPABILITIES, CRISIS_KINDS, parseEvent } from '@imc/contracts';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import { mutateOne } from '@imc/contracts/testing/valid-events';
import { MODEL_LIMITS, resolveCrisisModel } from './crisis-model';
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

/** Models the rules accept, written from the documented limits: every field given, kinds of their own. */
const validRange = (lo: number, hi: number) => fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi })).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
const validRequirement = (capability: string) =>
  fc.tuple(fc.integer({ min: 0, max: MODEL_LIMITS.quantity }), fc.integer({ min: 1, max: MODEL_LIMITS.quantity }), fc.integer({ min: 1, max: MODEL_LIMITS.priority }), fc.option(fc.constant(true), { nil: undefined })).map(([a, b, priority, allowCaution]) => ({ capability, min: Math.min(a, b), max: Math.max(a, b), priority, ...(allowCaution === undefined ? {} : { allowCaution }) }));
const validKind = fc.record({
  kind: fc.constantFrom(...CRISIS_KINDS),
  weight: fc.double({ min: 0.001, max: MODEL_LIMITS.weight, noNaN: true }),
  scheduled: fc.boolean(),
  requirements: fc.uniqueArray(fc.constantFrom(...CAPABILITIES), { minLength: 1, maxLength: 4 }).chain((caps) => fc.tuple(...caps.map(validRequirement))),
});
const validModel = fc.record(
  {
    crisesPer90Days: fc.double({ min: 0, max: MODEL_LIMITS.crisesPer90Days, noNaN: true }),
    kinds: fc.array(validKind, { minLength: 1, maxLength: 4 }),
    severity: validRange(1, 5),
    durationDays: validRange(1, 120),
    missions: fc.uniqueArray(fc.constantFrom('UNMIL', 'UNOCI', 'MONUSCO', 'UNMISS'), { minLength: 1, maxLength: 4 }),
  },
  { requiredKeys: ['kinds'] },
);

describe('crisis model validation (fuzz)', () => {
  it('accepts every valid model as given, with its own kinds; a one-field change is refused naming its field, or kept valid', () => {
    let accepted = 0;
    let total = 0;
    let ownKinds = 0;
    let sampled = 0;
    const input = fc.oneof({ arbitrary: validModel.map((model) => ({ model, mutation: undefined })), weight: 2 }, { arbitrary: mutateOne(validModel).map(({ event, mutation }) => ({ model: event, mutation })), weight: 1 });
    fc.assert(
      fc.property(input, fc.nat(1000), ({ model, mutation }, seed) => {
        const verdict = resolveCrisisModel(model);
        total++;
        if (mutation === undefined) {
          if (!verdict.ok) throw new Error(`a valid model refused: ${JSON.stringify(verdict.errors)}\n${JSON.stringify(model)}`);
          // The caller's kinds are the model's, not the default's.
          expect(verdict.model.kinds).toEqual(JSON.parse(JSON.stringify(model.kinds)));
          ownKinds++;
        }
        if (!verdict.ok) {
          const top = mutation?.path.split(/[.[]/)[0];
          expect(verdict.errors.some((e) => (top !== undefined && e.field.startsWith(`model.${top}`)) || (mutation?.kind === 'sibling' && e.field.endsWith('.unknownField')))).toBe(true);
          return;
        }
        accepted++;
        const events = sampleCrises(verdict.model, { seed, index: seed % 7, asOf: '2012-11-26T00:00:00.000Z', horizonDays: 120, missions: verdict.model.missions ?? ['UNMIL'] });
        sampled += events.length;
        for (const event of events) {
          const parsed = parseEvent(JSON.stringify(event));
          if (!parsed.ok) throw new Error(`${JSON.stringify(event)}: ${parsed.reason}`);
        }
      }),
      params,
    );
    process.stderr.write(`fuzz accepted share, crisis models (valid or one field changed): ${accepted}/${total} (${((100 * accepted) / total).toFixed(1)}%), ${ownKinds} with kinds of their own, ${sampled} crises sampled\n`);
    expect(accepted / total).toBeGreaterThanOrEqual(0.5);
    expect(sampled).toBeGreaterThan(0);
  });

  it('never throws; an accepted model samples only valid events', () => {
    let accepted = 0;
    fc.assert(
      fc.property(model, fc.nat(1000), fc.integer({ min: 1, max: 400 }), (input, seed, horizonDays) => {
        const verdict = resolveCrisisModel(input);
        if (!verdict.ok) {
          expect(verdict.errors.length).toBeGreaterThan(0);
          for (const e of verdict.errors) expect(e.field.startsWith('model')).toBe(true);
          return;
        }
        accepted++;
        const missions = verdict.model.missions ?? ['UNMIL', 'UNOCI'];
        const events = sampleCrises(verdict.model, { seed, index: seed % 7, asOf: '2012-11-26T00:00:00.000Z', horizonDays, missions });
        for (const event of events) {
          const parsed = parseEvent(JSON.stringify(event));
          if (!parsed.ok) throw new Error(`${JSON.stringify(event)}: ${parsed.reason}`);
        }
      }),
      params,
    );
    // Mostly garbage on purpose (never throwing is the point); the test above reaches the rules.
    process.stderr.write(`fuzz accepted share, crisis models (any input): ${accepted}/${params.numRuns}\n`);
  });
});
