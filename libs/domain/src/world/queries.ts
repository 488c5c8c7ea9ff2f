import type { Capability, Crisis, Mission, MissionStatus, Place, Unit } from '@imc/contracts';
import { whereNeeded } from '../problem/site';
import type { ConsentRecord } from '../consent.rule';
import { toMs } from '../time.util';
import { byKey, CrisisEntry, OpenDemand, WorldSnapshot } from './world-data';

/**
 * What the world holds, read: missions, units, consents, crises and the demands open now. Every
 * function here takes the world read-only, so none can change it; lists are sorted by id.
 */

export function missions(s: WorldSnapshot): Readonly<Mission>[] {
  return [...s.missions.values()].sort(byKey((m) => m.missionId));
}

export function mission(s: WorldSnapshot, missionId: string): Readonly<Mission> | undefined {
  return s.missions.get(missionId);
}

export function units(s: WorldSnapshot): Readonly<Unit>[] {
  return [...s.units.values()].sort(byKey((u) => u.unitId));
}

export function unit(s: WorldSnapshot, unitId: string): Readonly<Unit> | undefined {
  return s.units.get(unitId);
}

export function consents(s: WorldSnapshot): Readonly<ConsentRecord>[] {
  return [...s.consents.values()].sort(byKey((c) => c.consentId));
}

/** Crises not resolved, sorted by id. */
export function activeCrises(s: WorldSnapshot): Readonly<Crisis>[] {
  return [...s.crises.values()].filter((e) => !e.resolved).map((e) => e.crisis).sort(byKey((c) => c.crisisId));
}

export function crisis(s: WorldSnapshot, crisisId: string): Readonly<CrisisEntry> | undefined {
  return s.crises.get(crisisId);
}

/**
 * A mission is in crisis when its own record says so, or while asOf is inside the window of one
 * of its unresolved crises. A scheduled crisis raised early does not stop the mission lending
 * before its window opens; its open demand raises the mission's floors instead.
 */
export function effectiveStatus(s: WorldSnapshot, missionId: string): MissionStatus | undefined {
  const m = s.missions.get(missionId);
  if (!m) return undefined;
  if (m.status === 'crisis') return 'crisis';
  const now = s.asOf === undefined ? Number.NEGATIVE_INFINITY : toMs(s.asOf);
  for (const { crisis, resolved } of s.crises.values()) {
    if (resolved || crisis.missionId !== missionId) continue;
    if (toMs(crisis.window.start) <= now && now < toMs(crisis.window.end)) return 'crisis';
  }
  return m.status;
}

export function inCrisis(s: WorldSnapshot, missionId: string): boolean {
  return effectiveStatus(s, missionId) === 'crisis';
}

/**
 * Open demands, sorted by id: raised and not withdrawn, plus one per requirement of every
 * unresolved crisis (`${crisisId}/${capability}`), whose window has not closed yet. A raised
 * demand with the same id as a crisis requirement replaces it (that is how a planner sets
 * allowCaution on a crisis's need). A demand's site is its own, else its crisis's; without
 * either it is planned at its mission's hq.
 */
export function openDemands(s: WorldSnapshot): OpenDemand[] {
  const now = s.asOf === undefined ? Number.NEGATIVE_INFINITY : toMs(s.asOf);
  const out = new Map<string, OpenDemand>();
  for (const crisis of activeCrises(s)) {
    for (const r of crisis.requirements) {
      const demandId = `${crisis.crisisId}/${r.capability}`;
      const prior = out.get(demandId);
      const priority = Math.max(prior?.priority ?? 0, r.priority);
      out.set(demandId, {
        demandId,
        missionId: crisis.missionId,
        crisisId: crisis.crisisId,
        capability: r.capability,
        quantity: (prior?.quantity ?? 0) + r.quantity,
        window: { ...crisis.window },
        priority,
        version: crisis.version,
        weight: priority * crisis.severity,
        ...(crisis.site ? { site: { ...crisis.site } } : {}),
      });
    }
  }
  for (const { demand, withdrawn } of s.demands.values()) {
    if (withdrawn) {
      out.delete(demand.demandId);
      continue;
    }
    const crisis = demand.crisisId ? s.crises.get(demand.crisisId) : undefined;
    if (crisis?.resolved) {
      out.delete(demand.demandId);
      continue;
    }
    // A raised demand without a site of its own is needed where its crisis is.
    const site = demand.site ?? crisis?.crisis.site;
    out.set(demand.demandId, { ...structuredClone(demand), weight: demand.priority * (crisis?.crisis.severity ?? 1), ...(site ? { site: { ...site } } : {}) });
  }
  return [...out.values()].filter((d) => toMs(d.window.end) > now).sort(byKey((d) => d.demandId));
}

/**
 * (v3) The window of a demand the world still holds open or not: a raised demand (not withdrawn),
 * else a requirement of an unresolved crisis (`${crisisId}/${capability}`); undefined otherwise.
 */
export function demandWindow(s: WorldSnapshot, demandId: string): { start: string; end: string } | undefined {
  const raised = s.demands.get(demandId);
  if (raised) return raised.withdrawn ? undefined : { ...raised.demand.window };
  const slash = demandId.lastIndexOf('/');
  if (slash < 0) return undefined;
  const entry = s.crises.get(demandId.slice(0, slash));
  const capability = demandId.slice(slash + 1);
  if (!entry || entry.resolved || !entry.crisis.requirements.some((r) => r.capability === capability)) return undefined;
  return { ...entry.crisis.window };
}

/** Where a demand is needed, and which record says so (see demandPlace). */
export interface DemandPlace {
  demandId: string;
  missionId: string;
  crisisId?: string;
  capability: Capability;
  /** The demand's own site, else its crisis's, else its mission's hq; absent when the mission is unknown too. */
  site?: Place;
  siteFrom: 'demand' | 'crisis' | 'hq';
}

/**
 * (v3) Where a demand the world has heard of is needed, open or not (withdrawn, of a resolved
 * crisis, past its window): a loan under way still points at it. The same rule as planning
 * (whereNeeded): a raised demand's own site, else its crisis's, else its mission's hq; a crisis's
 * requirement (`${crisisId}/${capability}`) at the crisis's site, else the hq. Undefined for an
 * id the world never held.
 */
export function demandPlace(s: WorldSnapshot, demandId: string): DemandPlace | undefined {
  const hq = (missionId: string): Place | undefined => s.missions.get(missionId)?.hq;
  const from = (own: Place | undefined, crisis: Place | undefined): DemandPlace['siteFrom'] => (own ? 'demand' : crisis ? 'crisis' : 'hq');
  const raised = s.demands.get(demandId)?.demand;
  if (raised) {
    const crisisSite = raised.crisisId ? s.crises.get(raised.crisisId)?.crisis.site : undefined;
    const site = whereNeeded(raised.site, crisisSite) ?? hq(raised.missionId);
    return {
      demandId,
      missionId: raised.missionId,
      ...(raised.crisisId ? { crisisId: raised.crisisId } : {}),
      capability: raised.capability,
      ...(site ? { site: { ...site } } : {}),
      siteFrom: from(raised.site, crisisSite),
    };
  }
  const slash = demandId.lastIndexOf('/');
  if (slash < 0) return undefined;
  const crisis = s.crises.get(demandId.slice(0, slash))?.crisis;
  const requirement = crisis?.requirements.find((r) => r.capability === demandId.slice(slash + 1));
  if (!crisis || !requirement) return undefined;
  const site = crisis.site ?? hq(crisis.missionId);
  return { demandId, missionId: crisis.missionId, crisisId: crisis.crisisId, capability: requirement.capability, ...(site ? { site: { ...site } } : {}), siteFrom: from(undefined, crisis.site) };
}
