import type { Capability, Mission, Policy, Unit } from '@imc/contracts';
import { reserveFloor } from '../reserve-floor.rule';
import { isUniformed } from '../share-on-loan.rule';

/** What a mission holds of one capability before this plan, and the floor it keeps. */
export interface DonorPosture {
  held: number;
  available: number;
  /** Committed units at home (not on loan): at work there, they keep the floor but cannot go (v3). */
  committed: number;
  onLoanOut: number;
  floor: number;
}

export interface Postures {
  /** Per `${missionId}|${capability}`; created empty on first ask so every caller sees one object. */
  of(missionId: string, capability: Capability): DonorPosture;
  entries(): [string, DonorPosture][];
  /** Uniformed personnel per mission: the base of the share-on-loan limit (its uniformedStrength, else its units' sum). */
  uniformed: ReadonlyMap<string, number>;
}

/** Posture per (mission, capability): held, available and committed at home, lent out, and the reserve floor. */
export function computePostures(units: readonly Unit[], onLoan: ReadonlySet<string>, policy: Policy, missions: Iterable<Mission> = []): Postures {
  const posture = new Map<string, DonorPosture>();
  const of = (missionId: string, c: Capability): DonorPosture => {
    const key = `${missionId}|${c}`;
    let p = posture.get(key);
    if (!p) {
      p = { held: 0, available: 0, committed: 0, onLoanOut: 0, floor: 0 };
      posture.set(key, p);
    }
    return p;
  };
  const uniformed = new Map<string, number>();
  for (const u of units) {
    const p = of(u.missionId, u.capability);
    p.held++;
    if (onLoan.has(u.unitId)) p.onLoanOut++;
    else if (u.status === 'available') p.available++;
    else if (u.status === 'committed') p.committed++;
    if (isUniformed(u)) uniformed.set(u.missionId, (uniformed.get(u.missionId) ?? 0) + u.personnel);
  }
  // (v3) A mission's real uniformed strength, where its record gives it, bases its share on loan: a
  // file that models only its helicopters would otherwise cap a loan at a quarter of their crews.
  for (const m of missions) if (typeof m.uniformedStrength === 'number') uniformed.set(m.missionId, m.uniformedStrength);
  for (const [key, p] of posture) {
    const [missionId, c] = key.split('|') as [string, Capability];
    p.floor = reserveFloor(policy.reserveFloors, missionId, c, p.held);
  }
  return { of, entries: () => [...posture.entries()], uniformed };
}
