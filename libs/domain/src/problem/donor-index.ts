import type { Capability } from '@imc/contracts';
import { cmp } from './compare';
import type { Postures } from './posture';

/** Missions holding each capability at all, sorted by id: the candidate donors of a demand for it. */
export function holdersByCapability(postures: Postures): Map<Capability, string[]> {
  const holders = new Map<Capability, string[]>();
  for (const [key, p] of postures.entries().sort(([a], [b]) => cmp(a, b))) {
    if (p.held === 0) continue;
    const [missionId, c] = key.split('|') as [string, Capability];
    const list = holders.get(c);
    if (list) list.push(missionId);
    else holders.set(c, [missionId]);
  }
  return holders;
}

/** A mission's effective status is a scan over crises: ask it once per mission and plan. */
export function memoByMission<T>(of: (missionId: string) => T): (missionId: string) => T {
  const memo = new Map<string, T>();
  return (m) => {
    if (memo.has(m)) return memo.get(m) as T;
    const v = of(m);
    memo.set(m, v);
    return v;
  };
}
