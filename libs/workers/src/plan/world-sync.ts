import { parseProposalJson } from '@imc/contracts';
import type { WorldSnapshot } from '@imc/domain';

/**
 * Keeping the planning worker's copy of the world in step without posting the whole world per
 * plan. postMessage serialises its message on the sending thread: the whole 120-mission dense
 * world (4,190 units) took 13 ms of the allocator's event loop on a quiet machine, several times
 * that under load. An event touches a few entries, so after the first plan only those are posted.
 *
 * The service's World replaces an entry of these maps with a new object whenever it changes it
 * (it never edits one in place: WorldSnapshot's entries are Readonly, so the compiler holds the
 * World to it), so "changed since the last post" is "not the same object": a pointer comparison
 * per entry, well under a millisecond for thousands. Everything else of the snapshot is posted
 * whole each time (the loans, which are small, and the rejected pairings, a set edited in place),
 * except the fields compared by identity below. A field added to the world later is therefore
 * posted whole, which is always correct. world-sync.fuzz.spec.ts checks that the worker's copy
 * equals the service's world after any sequence of events.
 */
const BY_ENTRY = ['missions', 'units', 'consents', 'crises', 'demands', 'rejectedLoans'] as const;
type ByEntry = (typeof BY_ENTRY)[number];
/** Replaced, never edited, by the World: posted only when they are another object (or value). */
const BY_IDENTITY = ['policy', 'latestProposal', 'asOf'] as const;
type ByIdentity = (typeof BY_IDENTITY)[number];

type EntryOf<K extends ByEntry> = WorldSnapshot[K] extends ReadonlyMap<string, infer V> ? V : never;
type EntryDelta = { [K in ByEntry]: { set: [string, EntryOf<K>][]; deleted: string[] } };

/** What changed since snapshot `base`: applying it to that snapshot gives snapshot `id`. */
export interface WorldDelta {
  base: number;
  id: number;
  entries: EntryDelta;
  /** The other fields of the snapshot; those of BY_IDENTITY only when they changed. */
  whole: Partial<Record<keyof WorldSnapshot, unknown>>;
  /**
   * The newest proposal is the one the worker planned on `base` (the service accepted it as it
   * was parsed from the worker's JSON): the worker parses its own JSON of it rather than receive
   * it (about 1 MB at 120 dense missions, 8 ms to serialise on the service's event loop).
   */
  latestIsLastResult?: true;
}

/** What one plan posts: the whole world (first plan, or after the worker lost it) or a delta. */
export type WorldUpdate = { kind: 'whole'; id: number; world: WorldSnapshot } | { kind: 'delta'; delta: WorldDelta };

/** A worker asked to apply a delta to a world it does not hold (it restarted): post it whole. */
export const RESYNC = 'world-sync: the worker does not hold the base of this delta';

/** The service's side: remembers which objects it last posted. */
export class WorldSender {
  private last: { id: number; entries: Record<ByEntry, Map<string, unknown>>; identity: Record<ByIdentity, unknown> } | undefined;
  private nextId = 1;

  /**
   * What to post for this snapshot. Post it at once: the entries are the world's own objects,
   * which the structured clone of postMessage copies (as the whole snapshot was before).
   */
  update(snapshot: WorldSnapshot, lastResult?: WorldSnapshot['latestProposal']): WorldUpdate {
    const id = this.nextId++;
    const previous = this.last;
    this.last = {
      id,
      entries: Object.fromEntries(BY_ENTRY.map((k) => [k, new Map<string, unknown>(snapshot[k])])) as Record<ByEntry, Map<string, unknown>>,
      identity: Object.fromEntries(BY_IDENTITY.map((k) => [k, snapshot[k]])) as Record<ByIdentity, unknown>,
    };
    if (!previous) return { kind: 'whole', id, world: snapshot };
    const entries = {} as Record<ByEntry, { set: [string, unknown][]; deleted: string[] }>;
    for (const k of BY_ENTRY) {
      const before = previous.entries[k];
      const now: ReadonlyMap<string, unknown> = snapshot[k];
      const set: [string, unknown][] = [];
      for (const [key, value] of now) if (before.get(key) !== value) set.push([key, value]);
      const deleted: string[] = [];
      for (const key of before.keys()) if (!now.has(key)) deleted.push(key);
      entries[k] = { set, deleted };
    }
    const whole: Partial<Record<keyof WorldSnapshot, unknown>> = {};
    let latestIsLastResult = false;
    for (const k of Object.keys(snapshot) as (keyof WorldSnapshot)[]) {
      if ((BY_ENTRY as readonly string[]).includes(k)) continue;
      if ((BY_IDENTITY as readonly string[]).includes(k) && previous.identity[k as ByIdentity] === snapshot[k]) continue;
      if (k === 'latestProposal' && lastResult !== undefined && snapshot.latestProposal === lastResult) {
        latestIsLastResult = true;
        continue;
      }
      whole[k] = snapshot[k];
    }
    // An optional field that went away (none does today) must go away in the copy too.
    for (const k of BY_IDENTITY) if (!(k in snapshot) && previous.identity[k] !== undefined) whole[k] = undefined;
    return { kind: 'delta', delta: { base: previous.id, id, entries: entries as EntryDelta, whole, ...(latestIsLastResult ? { latestIsLastResult: true as const } : {}) } };
  }

  /** The worker's copy is unknown (a plan failed, the worker may have died): post the whole world next. */
  reset(): void {
    this.last = undefined;
  }
}

/** The worker's side: its own copy of the world, which only the updates change. */
export class WorldReplica {
  private held: { id: number; world: Record<string, unknown>; lastResult?: { id: number; json: string } } | undefined;

  /** The JSON of the proposal planned on the copy as it is now (see WorldDelta.latestIsLastResult). */
  remember(proposalJson: string): void {
    if (this.held) this.held.lastResult = { id: this.held.id, json: proposalJson };
  }

  /** Applies an update and returns the copy; throws RESYNC for a delta it cannot apply. */
  apply(update: WorldUpdate): WorldSnapshot {
    if (update.kind === 'whole') {
      // postMessage gave this thread its own copy: nothing else holds it, so it is not copied again.
      this.held = { id: update.id, world: update.world as unknown as Record<string, unknown> };
      return update.world;
    }
    const { delta } = update;
    if (!this.held || this.held.id !== delta.base) throw new Error(RESYNC);
    if (delta.latestIsLastResult && this.held.lastResult?.id !== delta.base) throw new Error(RESYNC);
    const world = this.held.world;
    if (delta.latestIsLastResult) {
      const read = parseProposalJson(this.held.lastResult!.json);
      if (!read.ok) throw new Error(RESYNC);
      world.latestProposal = read.proposal;
    }
    for (const k of BY_ENTRY) {
      const map = world[k] as Map<string, unknown>;
      for (const key of delta.entries[k].deleted) map.delete(key);
      for (const [key, value] of delta.entries[k].set) map.set(key, value);
    }
    for (const [k, value] of Object.entries(delta.whole)) {
      if (value === undefined) delete world[k];
      else world[k] = value;
    }
    this.held.id = delta.id;
    return world as unknown as WorldSnapshot;
  }
}
