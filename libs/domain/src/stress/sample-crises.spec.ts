import type { Crisis } from '@imc/contracts';
import { DEFAULT_CRISIS_MODEL } from './crisis-model';
import { sampleCrises, type SampleContext } from './sample-crises';
import { sampleSeed } from './rng';

const ctx = (index: number, over: Partial<SampleContext> = {}): SampleContext => ({
  seed: 42,
  index,
  asOf: '2012-11-26T00:00:00.000Z',
  horizonDays: 90,
  missions: ['MONUSCO', 'UNAMID', 'UNMISS', 'UNOCI'],
  ...over,
});

describe('sampleCrises', () => {
  it('gives the same crises for the same (seed, index), whatever was drawn before', () => {
    const alone = sampleCrises(DEFAULT_CRISIS_MODEL, ctx(17));
    for (let i = 0; i < 17; i++) sampleCrises(DEFAULT_CRISIS_MODEL, ctx(i));
    expect(sampleCrises(DEFAULT_CRISIS_MODEL, ctx(17))).toEqual(alone);
    expect(sampleSeed(42, 17)).not.toBe(sampleSeed(42, 18));
    expect(sampleSeed(42, 17)).not.toBe(sampleSeed(43, 17));
  });

  it('draws the default model: about 2 crises per 90 days, kinds by weight, windows within the horizon', () => {
    const crises: Crisis[] = [];
    const n = 3000;
    for (let i = 0; i < n; i++) {
      for (const e of sampleCrises(DEFAULT_CRISIS_MODEL, ctx(i))) if (e.type === 'imc.crisis.declared') crises.push(e.data as Crisis);
    }
    expect(crises.length / n).toBeGreaterThan(1.85);
    expect(crises.length / n).toBeLessThan(2.15);
    const share = (kind: string) => crises.filter((c) => c.kind === kind).length / crises.length;
    expect(share('security')).toBeCloseTo(0.5, 1);
    expect(share('election')).toBeCloseTo(0.25, 1);
    const asOf = Date.parse('2012-11-26T00:00:00Z');
    for (const c of crises) {
      const start = (Date.parse(c.window.start) - asOf) / 86_400_000;
      const days = (Date.parse(c.window.end) - Date.parse(c.window.start)) / 86_400_000;
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start).toBeLessThan(90);
      expect(days).toBeGreaterThanOrEqual(30);
      expect(days).toBeLessThanOrEqual(120);
      expect(c.severity).toBeGreaterThanOrEqual(3);
      expect(c.crisisId.startsWith('stress-')).toBe(true);
    }
  });

  it('raises a demand allowing caution for a disaster\'s engineers and hospital, and scales with the horizon', () => {
    const disasterOnly = { ...DEFAULT_CRISIS_MODEL, kinds: DEFAULT_CRISIS_MODEL.kinds.filter((k) => k.kind === 'natural-disaster') };
    const events = Array.from({ length: 50 }, (_, i) => sampleCrises(disasterOnly, ctx(i))).flat();
    const demands = events.filter((e) => e.type === 'imc.demand.raised').map((e) => e.data as { capability: string; allowCaution: boolean });
    expect(new Set(demands.map((d) => d.capability))).toEqual(new Set(['engineering-unit', 'field-hospital']));
    expect(demands.every((d) => d.allowCaution)).toBe(true);
    const count = (horizonDays: number) => Array.from({ length: 500 }, (_, i) => sampleCrises(DEFAULT_CRISIS_MODEL, ctx(i, { horizonDays })).filter((e) => e.type === 'imc.crisis.declared').length).reduce((a, b) => a + b, 0);
    expect(count(360) / count(90)).toBeGreaterThan(3);
    expect(sampleCrises({ ...DEFAULT_CRISIS_MODEL, crisesPer90Days: 0 }, ctx(1))).toEqual([]);
  });
});
