import type { CloudEvent, Crisis, Decision, Demand, LoanExtended, LoanRecalled, LoanReturned, Mission, Unit, UnitRemoved } from '@imc/contracts';
import type { ConsentRecord } from '../consent.rule';
import { mergePolicy, PolicyUpdate } from '../policy.defaults';
import { toMs } from '../time.util';
import { applyDecision } from './decision-ledger';
import { applyExtension, applyRecall, applyReturn, refreshLoans } from './loan-book';
import { ApplyResult, WorldData } from './world-data';

/**
 * The rules of the event stream: dedupe by event id, stale versions refused, "now" moved to the
 * latest event's time, and each event type handed to the part of the world it changes. Every
 * entry an event writes is a new object (a copy of the event's data), never an edit of one held.
 */
export function applyEvent(s: WorldData, event: CloudEvent): ApplyResult {
  if (s.seenEventIds.has(event.id)) {
    s.stats.duplicate++;
    return { status: 'duplicate' };
  }
  s.seenEventIds.add(event.id);
  let result: ApplyResult;
  try {
    result = dispatch(s, event);
    if (result.status === 'applied') {
      const time = new Date(toMs(event.time)).toISOString();
      if (s.asOf === undefined || toMs(time) > toMs(s.asOf)) s.asOf = time;
      refreshLoans(s);
    }
  } catch (error) {
    // Not seen after all: a retry must apply it (or dead-letter it), not skip it as a duplicate.
    s.seenEventIds.delete(event.id);
    throw error;
  }
  if (result.status === 'applied') {
    s.stats.applied++;
  } else if (result.status === 'stale') {
    s.stats.stale++;
  } else if (result.status === 'rejected') {
    s.stats.rejected++;
  }
  return result;
}

function dispatch(s: WorldData, event: CloudEvent): ApplyResult {
  const time = new Date(toMs(event.time)).toISOString();
  switch (event.type) {
    case 'imc.mission.upserted': {
      const m = event.data as Mission;
      return versioned(s, `mission:${m.missionId}`, m.version, () => s.missions.set(m.missionId, structuredClone(m)));
    }
    case 'imc.unit.upserted': {
      const u = event.data as Unit;
      return versioned(s, `unit:${u.unitId}`, u.version, () => s.units.set(u.unitId, structuredClone(u)));
    }
    case 'imc.unit.removed': {
      const r = event.data as UnitRemoved;
      return versioned(s, `unit:${r.unitId}`, r.version, () => s.units.delete(r.unitId));
    }
    case 'imc.consent.recorded': {
      const c = event.data as ConsentRecord;
      return versioned(s, `consent:${c.consentId}`, c.version, () => s.consents.set(c.consentId, { ...structuredClone(c), recordedAt: time }));
    }
    case 'imc.policy.updated': {
      const p = event.data as PolicyUpdate;
      const apply = () => {
        s.policy = mergePolicy(p);
      };
      // A policy without a version cannot be ordered, so it always applies.
      return p.version === undefined ? (apply(), { status: 'applied', notes: [] }) : versioned(s, 'policy:default', p.version, apply);
    }
    case 'imc.crisis.declared':
    case 'imc.crisis.updated':
    case 'imc.crisis.resolved': {
      const c = event.data as Crisis;
      const resolved = event.type === 'imc.crisis.resolved';
      return versioned(s, `crisis:${c.crisisId}`, c.version, () => s.crises.set(c.crisisId, { crisis: structuredClone(c), resolved }));
    }
    case 'imc.demand.raised':
    case 'imc.demand.withdrawn': {
      const d = event.data as Demand;
      const withdrawn = event.type === 'imc.demand.withdrawn';
      return versioned(s, `demand:${d.demandId}`, d.version, () => s.demands.set(d.demandId, { demand: structuredClone(d), withdrawn }));
    }
    case 'imc.clock.ticked':
      return { status: 'applied', notes: [] };
    case 'imc.allocation.decided': {
      const d = event.data as Decision;
      const stale = checkVersion(s, `decision:${d.decisionId}`, d.version);
      return stale ?? applyDecision(s, d, time);
    }
    case 'imc.loan.returned':
      return applyReturn(s, event.data as LoanReturned);
    case 'imc.loan.recalled':
      return applyRecall(s, event.data as LoanRecalled);
    case 'imc.loan.extended':
      return applyExtension(s, event.data as LoanExtended, time);
    default:
      return { status: 'rejected', reason: `unknown event type ${event.type}` };
  }
}

function checkVersion(s: WorldData, key: string, version: number): ApplyResult | undefined {
  const held = s.versions.get(key);
  if (held !== undefined && version <= held) {
    return { status: 'stale', reason: `${key} version ${version} <= held ${held}` };
  }
  return undefined;
}

function versioned(s: WorldData, key: string, version: number, mutate: () => void): ApplyResult {
  const stale = checkVersion(s, key, version);
  if (stale) return stale;
  s.versions.set(key, version);
  mutate();
  return { status: 'applied', notes: [] };
}
