import { WorldData, WorldSnapshot } from './world-data';

/**
 * Every way the world's data is copied or handed over, in one place. Three copy whole
 * (structuredClone), cloneData copies the containers and shares the entries; two share on
 * purpose, and say who may then change what: planningSnapshot lends the world's own maps for
 * postMessage to copy at once, adopt takes over a snapshot nothing else holds. Sharing is
 * safe because an entry is replaced, never edited (see WorldData): what a holder sees stays as it
 * was, whatever the world applies next.
 */

/** The stream's bookkeeping, which only the world applying events needs, emptied. */
function withoutBookkeeping<T extends WorldSnapshot>(s: T): Pick<WorldData, 'seenEventIds' | 'decisions' | 'proposals' | 'changedLoanIds'> & Omit<T, 'seenEventIds' | 'decisions' | 'proposals' | 'changedLoanIds'> {
  return { ...s, seenEventIds: new Set(), decisions: [], proposals: new Map(), changedLoanIds: new Set() };
}

/**
 * What buildPlanningProblem reads, as plain data that can cross to a worker thread (structured
 * clone): everything but the stream's bookkeeping (event ids and versions seen, the decision
 * ledger, the published proposals), which would only make the copy larger. Unlike snapshotOf it
 * is not copied here, since postMessage copies it anyway: its maps are the world's own, so post
 * it at once, before anything else is applied. fromSnapshot reads it.
 */
export function planningSnapshot(s: WorldSnapshot): WorldSnapshot {
  return { ...withoutBookkeeping(s), versions: new Map() };
}

/**
 * A copy a what-if run (or a stress sample) applies events to without touching the original. Its
 * maps, sets and lists are new, its entries the original's: an entry is replaced, never edited
 * (WorldData), so what either world applies next replaces entries in its own maps only. A deep
 * copy (structuredClone) of the demo world was a fifth of a stress test's time, once per sample
 * and pre-clearance re-run.
 */
export function cloneData(s: WorldSnapshot): WorldData {
  return {
    ...(s as WorldData),
    seenEventIds: new Set(s.seenEventIds),
    versions: new Map(s.versions),
    missions: new Map(s.missions),
    units: new Map(s.units),
    consents: new Map(s.consents),
    crises: new Map(s.crises),
    demands: new Map(s.demands),
    loans: new Map(s.loans),
    rejectedPairings: new Set(s.rejectedPairings),
    rejectedLoans: new Map(s.rejectedLoans),
    decisions: [...s.decisions],
    proposals: new Map(s.proposals),
    changedLoanIds: new Set(s.changedLoanIds),
    stats: { ...s.stats },
  };
}

/**
 * A copy to plan from, without the history only the event stream needs: seen event ids, applied
 * decisions and published proposals other than the latest (kept: the change penalty reads it).
 * A stress test copies the world once per sample, and the history is most of what a copy costs.
 * Events applied to it must carry fresh ids (duplicates can no longer be told).
 */
export function planningCopy(s: WorldSnapshot): WorldData {
  const { seenEventIds: _seen, decisions: _decisions, proposals: _proposals, changedLoanIds: _changed, ...rest } = s;
  return withoutBookkeeping(structuredClone(rest) as WorldData);
}

/** A copy of the whole state, to send to a worker thread. */
export function snapshotOf(s: WorldSnapshot): WorldSnapshot {
  return structuredClone(s);
}

/** The data of the world a snapshot was taken of; the snapshot is copied, so it can be used again. */
export function fromSnapshot(snapshot: WorldSnapshot): WorldData {
  return cloneData(snapshot);
}

/**
 * A snapshot this thread owns, taken over as it is, not copied (fromSnapshot copies): the planning
 * worker's own copy of the service's world, which only its updates change, and which is too large
 * to copy per plan (about 90 ms for 120 dense missions). Nothing may apply events to it.
 */
export function adopt(snapshot: WorldSnapshot): WorldData {
  return snapshot as WorldData;
}
