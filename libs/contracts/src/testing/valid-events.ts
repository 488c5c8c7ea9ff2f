import * as fc from 'fast-check';
import type { CloudEvent } from '../envelope';
import type { InputEventType } from '../events/parse-event';
import { CAPABILITIES, CONSENT_KINDS, CONSENT_STATUSES, CRISIS_KINDS, MISSION_STATUSES, UNIT_STATUSES } from '../payloads';
import { validTime } from './fuzz';

/**
 * Generators of input events the contract accepts, one per type, and of their one-field
 * mutations: fuzzing that starts from valid values gets past the envelope check and reaches each
 * type's payload rules, one field at a time (issue 23). Written from the payload classes of
 * libs/contracts/src/events, not from the validator's code.
 */
const id = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
const place = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
const placeNamed = fc.record({ name: fc.string({ minLength: 1, maxLength: 10 }), lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }, { requiredKeys: ['lat', 'lon'] });
const iso3 = fc.stringMatching(/^[A-Z]{3}$/);
const capability = fc.constantFrom(...CAPABILITIES);
const version = fc.nat(1000);
const instants = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) });
/** Two distinct instants, in order, written as RFC 3339 UTC. */
export const validWindow = fc.tuple(instants, instants).filter(([a, b]) => a !== b).map(([a, b]) => ({ start: new Date(Math.min(a, b)).toISOString(), end: new Date(Math.max(a, b)).toISOString() }));
const crisis = fc.record(
  { crisisId: id, missionId: id, kind: fc.constantFrom(...CRISIS_KINDS), scheduled: fc.boolean(), severity: fc.constantFrom(1, 2, 3, 4, 5), window: validWindow, requirements: fc.array(fc.record({ capability, quantity: fc.integer({ min: 1, max: 20 }), priority: fc.integer({ min: 1, max: 10 }) }), { maxLength: 3 }), site: placeNamed, version },
  { requiredKeys: ['crisisId', 'missionId', 'kind', 'scheduled', 'severity', 'window', 'requirements', 'version'] },
);
const demand = fc.record(
  { demandId: id, missionId: id, crisisId: id, capability, quantity: fc.integer({ min: 1, max: 20 }), window: validWindow, priority: fc.integer({ min: 1, max: 10 }), allowCaution: fc.boolean(), site: placeNamed, version },
  { requiredKeys: ['demandId', 'missionId', 'capability', 'quantity', 'window', 'priority', 'version'] },
);
const capabilityPolicy = fc.record({ maxDistanceKm: fc.double({ min: 0, max: 20_000, noNaN: true }), transitKmPerDay: fc.double({ min: 1, max: 2000, noNaN: true }), transferCostPerKm: fc.double({ min: 0, max: 100, noNaN: true }), sustainmentPerDay: fc.double({ min: 0, max: 1000, noNaN: true }) }, { requiredKeys: [] });

/** `data` the contract accepts, per input type. */
export const VALID_DATA: Readonly<Record<InputEventType, fc.Arbitrary<Record<string, unknown>>>> = {
  'imc.mission.upserted': fc.record({ missionId: id, name: fc.string({ minLength: 1, maxLength: 12 }), hostState: iso3, region: fc.string({ minLength: 1, maxLength: 12 }), hq: place, status: fc.constantFrom(...MISSION_STATUSES), receivingCapacity: fc.record({ personnel: fc.nat(10_000), aircraft: fc.nat(50) }), version }),
  'imc.unit.upserted': fc.record(
    { unitId: id, missionId: id, capability, personnel: fc.nat(2000), aircraft: fc.nat(20), contributor: fc.oneof(iso3, fc.constantFrom('COMMERCIAL', 'UN')), location: placeNamed, commercial: fc.boolean(), interMissionClause: fc.boolean(), noticeToMoveDays: fc.double({ min: 0, max: 120, noNaN: true }), status: fc.constantFrom(...UNIT_STATUSES), version },
    { requiredKeys: ['unitId', 'missionId', 'capability', 'personnel', 'aircraft', 'contributor', 'commercial', 'interMissionClause', 'noticeToMoveDays', 'status', 'version'] },
  ),
  'imc.unit.removed': fc.record({ unitId: id, version }),
  'imc.consent.recorded': fc.record(
    { consentId: id, kind: fc.constantFrom(...CONSENT_KINDS), party: fc.oneof(iso3, fc.constant('UNSC')), fromMission: fc.oneof(id, fc.constant('*')), toMission: fc.oneof(id, fc.constant('*')), capabilities: fc.oneof(fc.constant(['*']), fc.uniqueArray(capability, { minLength: 1, maxLength: 3 })), status: fc.constantFrom(...CONSENT_STATUSES), expectedInDays: fc.double({ min: 0, max: 400, noNaN: true }), validUntil: validTime, reference: fc.string({ maxLength: 12 }), version },
    { requiredKeys: ['consentId', 'kind', 'party', 'fromMission', 'toMission', 'capabilities', 'status', 'version'] },
  ),
  'imc.policy.updated': fc.record(
    {
      policyId: fc.constant('default'),
      version,
      reserveFloors: fc.array(fc.record({ missionId: fc.oneof(id, fc.constant('*')), capability: fc.constantFrom(...CAPABILITIES, '*'), minFraction: fc.double({ min: 0, max: 1, noNaN: true }), minCount: fc.nat(10) }), { maxLength: 3 }),
      donorInCrisisLends: fc.boolean(),
      maxShareOnLoan: fc.double({ min: 0, max: 1, noNaN: true }),
      maxLoanDays: fc.integer({ min: 1, max: 1000 }),
      demobilizationDays: fc.nat(100),
      minCoverage: fc.double({ min: 0, max: 1, noNaN: true }),
      overdueConsentDays: fc.integer({ min: 1, max: 100 }),
      cautionCapabilities: fc.uniqueArray(capability, { maxLength: 3 }),
      capabilities: fc.dictionary(capability, capabilityPolicy, { maxKeys: 3 }),
      weights: fc.record({ shortfall: fc.nat(1000), cost: fc.double({ min: 0, max: 10, noNaN: true }), change: fc.nat(100) }, { requiredKeys: [] }),
    },
    { requiredKeys: [] },
  ),
  'imc.crisis.declared': crisis,
  'imc.crisis.updated': crisis,
  'imc.crisis.resolved': crisis,
  'imc.demand.raised': demand,
  'imc.demand.withdrawn': demand,
  'imc.clock.ticked': fc.constant({}),
  'imc.allocation.decided': fc.record(
    { decisionId: id, proposalId: fc.stringMatching(/^[a-z]{1,8}:[1-9][0-9]{0,3}$/), loanIds: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }), decision: fc.constantFrom('approved', 'rejected'), reviewer: fc.string({ minLength: 1, maxLength: 8 }), reason: fc.string({ maxLength: 20 }), version: fc.constant(1) },
    { requiredKeys: ['decisionId', 'proposalId', 'loanIds', 'decision', 'reviewer', 'version'] },
  ),
  'imc.loan.returned': fc.record({ loanId: id, returnedAt: validTime }),
  'imc.loan.recalled': fc.record({ loanId: id, recalledAt: validTime, reason: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0) }),
  'imc.loan.extended': fc.record({ loanId: id, returnBy: validTime, extendedAt: validTime, reason: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0) }),
};

export const INPUT_TYPES = Object.keys(VALID_DATA) as InputEventType[];

/** A valid envelope around valid data of the given type (or of any input type). */
export function validEvent(type?: InputEventType): fc.Arbitrary<CloudEvent<Record<string, unknown>>> {
  return (type === undefined ? fc.constantFrom(...INPUT_TYPES) : fc.constant(type)).chain((t) =>
    fc.record({ id, source: fc.constantFrom('/fuzz', '/planner', 'urn:imc:fuzz'), time: validTime, data: VALID_DATA[t], subject: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }) }).map(({ subject, ...e }) => ({ specversion: '1.0' as const, type: t, ...e, ...(subject === undefined ? {} : { subject }) })),
  );
}

/** Every path to a value in a JSON object (objects and arrays included), root excluded. */
export function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => [[...prefix, k], ...paths((value as Record<string | number, unknown>)[k], [...prefix, k])]);
}

/** What one field may become: left out, null, another type, out of range, or an unknown key beside it. */
const replacement = fc.oneof(
  fc.constant({ kind: 'delete' as const }),
  fc.constantFrom<unknown>(null, '', 'x', -1, 0, 1.5, 11, 1e21, true, [], {}, '2012-11-27T00', '2011-02-29T00:00:00Z', 'infantry', 'abc').map((v) => ({ kind: 'set' as const, value: v })),
  fc.jsonValue({ maxDepth: 1 }).map((v) => ({ kind: 'set' as const, value: v })),
  fc.constant({ kind: 'sibling' as const }),
);

export interface Mutation {
  /** Where, as `data.window.start`. */
  path: string;
  kind: 'delete' | 'set' | 'sibling';
}

/** The event with exactly one field changed (deleted, set to another value, or given an unknown sibling key). */
export function mutateOne<T extends object>(event: fc.Arbitrary<T>): fc.Arbitrary<{ event: T; mutation: Mutation }> {
  return event.chain((e) => {
    const all = paths(e);
    return fc.tuple(fc.constantFrom(...all), replacement).map(([path, r]) => {
      const copy = structuredClone(e) as Record<string | number, unknown>;
      let parent: Record<string | number, unknown> = copy;
      for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = path[path.length - 1];
      if (r.kind === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else if (r.kind === 'set') parent[last] = r.value;
      else if (!Array.isArray(parent)) parent.unknownField = 1;
      else parent.push({ unknownField: 1 });
      return { event: copy as T, mutation: { path: path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('').replace(/^\./, ''), kind: r.kind } };
    });
  });
}
