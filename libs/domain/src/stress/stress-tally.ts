import type { Capability, StressReport } from '@imc/contracts';
import { consentItems, MILLI, parseConsentKey, type ConsentKey, type SampleOutcome } from './stress-sample';

/**
 * What a set of samples adds up to: counts and integer sums only (shortfalls in milli-units), so
 * tallies of any split of the samples merge into exactly the tally of all of them, whatever the
 * number of workers or the order they finish in. Averages and percentiles are taken once, at the
 * end (tallyReport). Plain objects, so a tally crosses a worker boundary or a Kafka topic as JSON.
 */
export interface StressTally {
  samples: number;
  /** Sum over samples of the total shortfall. */
  total: number;
  /** missionId -> sum, and how many samples had each non-zero shortfall (for the p95). */
  missions: Record<string, { sum: number; histogram: Record<string, number> }>;
  /** `${donor}|${capability}` -> samples in which it lends, units lent over all samples. */
  donors: Record<string, { samples: number; units: number }>;
  /** `${mission}|${capability}` -> samples in which the floor binds. */
  floors: Record<string, number>;
  /** Consent key -> samples in which it is on a critical path, and in which it blocks. */
  consents: Record<ConsentKey, { critical: number; blocking: number }>;
}

export function emptyTally(): StressTally {
  return { samples: 0, total: 0, missions: {}, donors: {}, floors: {}, consents: {} };
}

/** Adds one sample to a tally (in place). */
export function addSample(t: StressTally, o: SampleOutcome): void {
  t.samples++;
  t.total += o.total;
  for (const [missionId, milli] of Object.entries(o.shortfall)) {
    const m = (t.missions[missionId] ??= { sum: 0, histogram: {} });
    m.sum += milli;
    m.histogram[milli] = (m.histogram[milli] ?? 0) + 1;
  }
  for (const [key, units] of Object.entries(o.lends)) {
    const d = (t.donors[key] ??= { samples: 0, units: 0 });
    d.samples++;
    d.units += units;
  }
  for (const key of o.floors) t.floors[key] = (t.floors[key] ?? 0) + 1;
  for (const key of o.critical) (t.consents[key] ??= { critical: 0, blocking: 0 }).critical++;
  for (const key of o.blocking) (t.consents[key] ??= { critical: 0, blocking: 0 }).blocking++;
}

/** The tally of both sets of samples (neither argument is changed). */
export function mergeTallies(a: StressTally, b: StressTally): StressTally {
  const t = structuredClone(a);
  t.samples += b.samples;
  t.total += b.total;
  for (const [missionId, m] of Object.entries(b.missions)) {
    const into = (t.missions[missionId] ??= { sum: 0, histogram: {} });
    into.sum += m.sum;
    for (const [value, count] of Object.entries(m.histogram)) into.histogram[value] = (into.histogram[value] ?? 0) + count;
  }
  for (const [key, d] of Object.entries(b.donors)) {
    const into = (t.donors[key] ??= { samples: 0, units: 0 });
    into.samples += d.samples;
    into.units += d.units;
  }
  for (const [key, n] of Object.entries(b.floors)) t.floors[key] = (t.floors[key] ?? 0) + n;
  for (const [key, c] of Object.entries(b.consents)) {
    const into = (t.consents[key] ??= { critical: 0, blocking: 0 });
    into.critical += c.critical;
    into.blocking += c.blocking;
  }
  return t;
}

/**
 * The consents worth re-running with a grant: blocking or on a critical path in some sample, most
 * often first, at most `max` of them (each one costs a re-run of every sample it touches).
 */
export function preClearanceCandidates(t: StressTally, max: number): ConsentKey[] {
  return Object.entries(t.consents)
    .filter(([, c]) => c.critical + c.blocking > 0)
    .sort(([ka, a], [kb, b]) => b.critical + b.blocking - (a.critical + a.blocking) || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .slice(0, max)
    .map(([key]) => key);
}

export interface ReportContext {
  seed: number;
  asOf: string;
  horizonDays: number;
  /** Every mission of the world: each gets a line, short or not. */
  missions: readonly string[];
  /**
   * Per measured consent, the sum over the samples it touches of (shortfall with it granted minus
   * shortfall as is), in milli-units; samples it does not touch contribute 0 exactly.
   */
  grantDeltas: Record<ConsentKey, number>;
  /** (v3) Today's shortfall per mission, milli-units (the world planned with no sampled crisis); none: all 0. */
  today?: Record<string, number>;
}

const p4 = (x: number) => Math.round(x * 10_000) / 10_000;
const units = (milli: number) => Math.round(milli) / MILLI;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The nearest-rank 95th percentile of a mission's shortfall over all samples (zeros included). */
export function p95(histogram: Record<string, number>, samples: number): number {
  if (samples === 0) return 0;
  const rank = Math.ceil(0.95 * samples);
  const values = Object.entries(histogram)
    .map(([v, n]) => [Number(v), n] as const)
    .sort((a, b) => a[0] - b[0]);
  let seen = samples - values.reduce((sum, [, n]) => sum + n, 0);
  if (seen >= rank) return 0;
  for (const [value, n] of values) {
    seen += n;
    if (seen >= rank) return value;
  }
  return values.length > 0 ? values[values.length - 1][0] : 0;
}

/**
 * The StressReport of a tally. Missions by expected shortfall, donors by units lent, floors by
 * how often they bind (each then by name); the pre-clearance list by expected shortfall if granted
 * now, best first, then by how often the bundle blocks. Probabilities to 4 decimals, units to 3.
 * (v3) The baseline: today's shortfall (no sampled crisis) and the expected one over the samples
 * (today's included, as each sample plans today's demands too); each mission's today part apart;
 * and only bundles whose grant lowers the expected shortfall below the baseline's are listed.
 */
export function tallyReport(t: StressTally, ctx: ReportContext): StressReport {
  const n = t.samples;
  const per = (count: number) => (n === 0 ? 0 : p4(count / n));
  const today = ctx.today ?? {};
  const missions = [...new Set([...ctx.missions, ...Object.keys(t.missions), ...Object.keys(today)])]
    .map((missionId) => {
      const m = t.missions[missionId] ?? { sum: 0, histogram: {} };
      const shortSamples = Object.values(m.histogram).reduce((sum, c) => sum + c, 0);
      return {
        missionId,
        pShort: per(shortSamples),
        expectedShortfall: n === 0 ? 0 : units(m.sum / n),
        p95Shortfall: units(p95(m.histogram, n)),
        todayShortfall: units(today[missionId] ?? 0),
      };
    })
    .sort((a, b) => b.expectedShortfall - a.expectedShortfall || b.pShort - a.pShort || byText(a.missionId, b.missionId));
  const baseline = {
    todayShortfall: units(Object.values(today).reduce((sum, milli) => sum + milli, 0)),
    expectedShortfall: n === 0 ? 0 : units(t.total / n),
  };
  const split = (key: string) => {
    const [missionId, capability] = key.split('|');
    return { missionId, capability: capability as Capability };
  };
  const donors = Object.entries(t.donors)
    .map(([key, d]) => ({ ...split(key), pLends: per(d.samples), meanUnits: n === 0 ? 0 : p4(d.units / n) }))
    .sort((a, b) => b.meanUnits - a.meanUnits || byText(a.missionId, b.missionId) || byText(a.capability, b.capability));
  const floors = Object.entries(t.floors)
    .map(([key, count]) => ({ ...split(key), pBinding: per(count) }))
    .sort((a, b) => b.pBinding - a.pBinding || byText(a.missionId, b.missionId) || byText(a.capability, b.capability));
  const consents = Object.entries(ctx.grantDeltas)
    .map(([key, delta]) => {
      const c = t.consents[key] ?? { critical: 0, blocking: 0 };
      return {
        ...parseConsentKey(key),
        items: consentItems(key),
        pOnCriticalPath: per(c.critical),
        pBlocking: per(c.blocking),
        expectedShortfallIfGrantedNow: n === 0 ? 0 : units((t.total + delta) / n),
      };
    })
    .filter((c) => c.expectedShortfallIfGrantedNow < baseline.expectedShortfall)
    .sort(
      (a, b) =>
        a.expectedShortfallIfGrantedNow - b.expectedShortfallIfGrantedNow ||
        b.pBlocking - a.pBlocking ||
        byText(a.item, b.item) ||
        byText(a.fromMission, b.fromMission) ||
        byText(a.toMission, b.toMission),
    );
  return { samples: n, seed: ctx.seed, asOf: ctx.asOf, horizonDays: ctx.horizonDays, baseline, missions, donors, floors, consents };
}
