import type { Crisis, Mission } from '@imc/contracts';
import { isoDay, toMs } from '../time.util';

/** A span in which a mission is in crisis: one of its unresolved crises, or its own record's status. */
export interface CrisisWindow {
  /** The crisis id; undefined when the mission's own record says it is in crisis (no end known). */
  crisisId?: string;
  kind?: Crisis['kind'];
  startMs: number;
  endMs: number;
}

/** Per mission, the windows of its unresolved crises, and an open-ended one when its record says 'crisis'. */
export function crisisWindowsByMission(missions: Iterable<Mission>, activeCrises: readonly Crisis[]): Map<string, CrisisWindow[]> {
  const out = new Map<string, CrisisWindow[]>();
  const add = (missionId: string, w: CrisisWindow) => {
    const list = out.get(missionId);
    if (list) list.push(w);
    else out.set(missionId, [w]);
  };
  for (const m of missions) if (m.status === 'crisis') add(m.missionId, { startMs: Number.NEGATIVE_INFINITY, endMs: Number.POSITIVE_INFINITY });
  for (const c of activeCrises) add(c.missionId, { crisisId: c.crisisId, kind: c.kind, startMs: toMs(c.window.start), endMs: toMs(c.window.end) });
  for (const list of out.values()) list.sort((a, b) => a.startMs - b.startMs);
  return out;
}

/**
 * The first crisis of a donor whose window overlaps a loan's span, arrival to return (v3): a
 * declared election ten days ahead keeps the donor's units home, though it is not in crisis today.
 */
export function crisisDuring(windows: readonly CrisisWindow[], fromMs: number, toMs_: number): CrisisWindow | undefined {
  return windows.find((w) => w.startMs < toMs_ && fromMs < w.endMs);
}

/** `in crisis from 2010-11-28 (UNOCI-election-2010, election)`, or `in crisis (its own record)`. */
export function crisisWords(w: CrisisWindow): string {
  if (w.crisisId === undefined) return 'in crisis (its own record)';
  return `in crisis from ${isoDay(new Date(w.startMs).toISOString())} (${w.crisisId}, ${w.kind})`;
}
