import { CAPABILITIES, CRISIS_KINDS, type Capability, type CrisisKind } from '@imc/contracts';

/** One requirement a sampled crisis of a kind carries: a quantity drawn in [min, max]. */
export interface RequirementSpec {
  capability: Capability;
  min: number;
  max: number;
  priority: number;
  /** Raised as a demand that allows a caution capability (engineering, hospitals). */
  allowCaution?: boolean;
}

export interface CrisisKindSpec {
  kind: CrisisKind;
  /** Relative frequency among the kinds. */
  weight: number;
  /** Elections and start-ups are known in advance; security crises and disasters are not. */
  scheduled: boolean;
  requirements: RequirementSpec[];
}

/**
 * How hypothetical crises are drawn (DESIGN.md, "Contingency stress tests"): a Poisson number of
 * crises over the horizon, each at a mission drawn uniformly, of a kind drawn by weight, with
 * its requirements, a severity and a window that starts within the horizon.
 */
export interface CrisisModel {
  /** Mean number of crises per 90 days; scaled to the horizon. */
  crisesPer90Days: number;
  kinds: CrisisKindSpec[];
  severity: { min: number; max: number };
  durationDays: { min: number; max: number };
  /** Missions a crisis may hit; default every mission of the world. */
  missions?: string[];
}

export const DEFAULT_CRISIS_MODEL: CrisisModel = {
  crisesPer90Days: 2,
  kinds: [
    {
      kind: 'security',
      weight: 50,
      scheduled: false,
      requirements: [
        { capability: 'infantry-company', min: 2, max: 4, priority: 9 },
        { capability: 'utility-helicopter', min: 1, max: 3, priority: 8 },
      ],
    },
    {
      kind: 'election',
      weight: 25,
      scheduled: true,
      requirements: [
        { capability: 'infantry-company', min: 1, max: 2, priority: 7 },
        { capability: 'formed-police-unit', min: 1, max: 2, priority: 7 },
        { capability: 'utility-helicopter', min: 1, max: 1, priority: 6 },
      ],
    },
    {
      kind: 'natural-disaster',
      weight: 15,
      scheduled: false,
      requirements: [
        { capability: 'cargo-aircraft', min: 1, max: 2, priority: 8 },
        { capability: 'utility-helicopter', min: 1, max: 2, priority: 8 },
        { capability: 'engineering-unit', min: 1, max: 1, priority: 7, allowCaution: true },
        { capability: 'field-hospital', min: 1, max: 1, priority: 8, allowCaution: true },
      ],
    },
    {
      kind: 'start-up',
      weight: 10,
      scheduled: true,
      requirements: [
        { capability: 'military-observer-team', min: 3, max: 8, priority: 6 },
        { capability: 'infantry-company', min: 1, max: 2, priority: 6 },
      ],
    },
  ],
  severity: { min: 3, max: 5 },
  durationDays: { min: 30, max: 120 },
};

/** Bounds of a model, so that a sample stays a plan of a few milliseconds, not minutes. */
export const MODEL_LIMITS = {
  crisesPer90Days: 20,
  kinds: 12,
  requirements: CAPABILITIES.length,
  quantity: 50,
  priority: 10,
  weight: 1_000_000,
  durationDays: 730,
  missions: 500,
} as const;

export interface FieldError {
  field: string;
  messages: string[];
}

export type ModelVerdict = { ok: true; model: CrisisModel } | { ok: false; errors: FieldError[] };

const TOP_KEYS = ['crisesPer90Days', 'kinds', 'severity', 'durationDays', 'missions'];
const KIND_KEYS = ['kind', 'weight', 'scheduled', 'requirements'];
const REQUIREMENT_KEYS = ['capability', 'min', 'max', 'priority', 'allowCaution'];
const RANGE_KEYS = ['min', 'max'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates a caller's `model` and fills what it leaves out from the default: each top-level
 * field given replaces the default's whole (a `kinds` list is the complete list). Every problem is
 * reported with its path (`model.kinds[0].requirements[1].max`); nothing here throws, whatever the
 * input (see crisis-model.fuzz.spec.ts).
 */
export function resolveCrisisModel(input: unknown, path = 'model'): ModelVerdict {
  if (input === undefined) return { ok: true, model: structuredClone(DEFAULT_CRISIS_MODEL) };
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => {
    const known = errors.find((e) => e.field === field);
    if (known) known.messages.push(message);
    else errors.push({ field, messages: [message] });
  };
  if (!isRecord(input)) return { ok: false, errors: [{ field: path, messages: ['must be an object'] }] };
  unknownKeys(input, TOP_KEYS, path, fail);

  const model = structuredClone(DEFAULT_CRISIS_MODEL);
  if (input.crisesPer90Days !== undefined) {
    const v = input.crisesPer90Days;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MODEL_LIMITS.crisesPer90Days) {
      fail(`${path}.crisesPer90Days`, `must be a number from 0 to ${MODEL_LIMITS.crisesPer90Days}`);
    } else model.crisesPer90Days = v;
  }
  if (input.kinds !== undefined) {
    const kinds = readKinds(input.kinds, `${path}.kinds`, fail);
    if (kinds) model.kinds = kinds;
  }
  if (input.severity !== undefined) {
    const r = readRange(input.severity, `${path}.severity`, 1, 5, fail);
    if (r) model.severity = r;
  }
  if (input.durationDays !== undefined) {
    const r = readRange(input.durationDays, `${path}.durationDays`, 1, MODEL_LIMITS.durationDays, fail);
    if (r) model.durationDays = r;
  }
  if (input.missions !== undefined) {
    const m = input.missions;
    if (!Array.isArray(m) || m.length === 0 || m.length > MODEL_LIMITS.missions) {
      fail(`${path}.missions`, `must be a list of 1 to ${MODEL_LIMITS.missions} mission ids`);
    } else if (!m.every((id) => typeof id === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(id))) {
      fail(`${path}.missions`, 'each mission id must be 1 to 64 characters of A-Z a-z 0-9 . _ : -');
    } else if (new Set(m).size !== m.length) {
      fail(`${path}.missions`, 'must not name a mission twice');
    } else model.missions = [...(m as string[])].sort();
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, model };
}

function unknownKeys(v: Record<string, unknown>, allowed: readonly string[], path: string, fail: (f: string, m: string) => void): void {
  for (const key of Object.keys(v)) if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown field; allowed: ${allowed.join(', ')}`);
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function readRange(v: unknown, path: string, lo: number, hi: number, fail: (f: string, m: string) => void): { min: number; max: number } | undefined {
  if (!isRecord(v)) {
    fail(path, 'must be an object {min, max}');
    return undefined;
  }
  unknownKeys(v, RANGE_KEYS, path, fail);
  let ok = true;
  if (!isInt(v.min, lo, hi)) {
    fail(`${path}.min`, `must be an integer from ${lo} to ${hi}`);
    ok = false;
  }
  if (!isInt(v.max, lo, hi)) {
    fail(`${path}.max`, `must be an integer from ${lo} to ${hi}`);
    ok = false;
  }
  if (ok && (v.max as number) < (v.min as number)) {
    fail(`${path}.max`, 'must not be below min');
    ok = false;
  }
  return ok && Object.keys(v).every((k) => RANGE_KEYS.includes(k)) ? { min: v.min as number, max: v.max as number } : undefined;
}

function readKinds(v: unknown, path: string, fail: (f: string, m: string) => void): CrisisKindSpec[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > MODEL_LIMITS.kinds) {
    fail(path, `must be a list of 1 to ${MODEL_LIMITS.kinds} crisis kinds`);
    return undefined;
  }
  let ok = true;
  const out: CrisisKindSpec[] = [];
  v.forEach((k: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(k)) {
      fail(at, 'must be an object {kind, weight, scheduled, requirements}');
      ok = false;
      return;
    }
    let good = true;
    const bad = (field: string, message: string) => {
      fail(field, message);
      good = false;
    };
    unknownKeys(k, KIND_KEYS, at, bad);
    if (typeof k.kind !== 'string' || !(CRISIS_KINDS as readonly string[]).includes(k.kind)) bad(`${at}.kind`, `must be one of ${CRISIS_KINDS.join(', ')}`);
    if (typeof k.weight !== 'number' || !Number.isFinite(k.weight) || k.weight <= 0 || k.weight > MODEL_LIMITS.weight) bad(`${at}.weight`, `must be a number above 0, at most ${MODEL_LIMITS.weight}`);
    if (typeof k.scheduled !== 'boolean') bad(`${at}.scheduled`, 'must be true or false');
    const requirements = readRequirements(k.requirements, `${at}.requirements`, bad);
    if (!good || !requirements) {
      ok = false;
      return;
    }
    out.push({ kind: k.kind as CrisisKind, weight: k.weight as number, scheduled: k.scheduled as boolean, requirements });
  });
  return ok ? out : undefined;
}

function readRequirements(v: unknown, path: string, fail: (f: string, m: string) => void): RequirementSpec[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || v.length > MODEL_LIMITS.requirements) {
    fail(path, `must be a list of 1 to ${MODEL_LIMITS.requirements} requirements`);
    return undefined;
  }
  let ok = true;
  const out: RequirementSpec[] = [];
  const seen = new Set<string>();
  v.forEach((r: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(r)) {
      fail(at, 'must be an object {capability, min, max, priority, allowCaution?}');
      ok = false;
      return;
    }
    let good = true;
    const bad = (field: string, message: string) => {
      fail(field, message);
      good = false;
    };
    unknownKeys(r, REQUIREMENT_KEYS, at, bad);
    if (typeof r.capability !== 'string' || !(CAPABILITIES as readonly string[]).includes(r.capability)) bad(`${at}.capability`, `must be one of ${CAPABILITIES.join(', ')}`);
    else if (seen.has(r.capability)) bad(`${at}.capability`, 'a kind lists each capability once');
    else seen.add(r.capability);
    if (!isInt(r.min, 0, MODEL_LIMITS.quantity)) bad(`${at}.min`, `must be an integer from 0 to ${MODEL_LIMITS.quantity}`);
    if (!isInt(r.max, 1, MODEL_LIMITS.quantity)) bad(`${at}.max`, `must be an integer from 1 to ${MODEL_LIMITS.quantity}`);
    else if (isInt(r.min, 0, MODEL_LIMITS.quantity) && r.max < r.min) bad(`${at}.max`, 'must not be below min');
    if (!isInt(r.priority, 1, MODEL_LIMITS.priority)) bad(`${at}.priority`, `must be an integer from 1 to ${MODEL_LIMITS.priority}`);
    if (r.allowCaution !== undefined && typeof r.allowCaution !== 'boolean') bad(`${at}.allowCaution`, 'must be true or false');
    if (!good) {
      ok = false;
      return;
    }
    out.push({ capability: r.capability as Capability, min: r.min as number, max: r.max as number, priority: r.priority as number, ...(r.allowCaution === true ? { allowCaution: true } : {}) });
  });
  return ok ? out : undefined;
}
