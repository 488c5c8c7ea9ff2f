import type { Capability, CapabilityPolicy, Policy } from '@imc/contracts';
import { CAPABILITIES } from '@imc/contracts';

/**
 * Reach and cost per capability. Costs are in US dollars; they only need to be consistent
 * with each other and with `weights.cost`, because the objective compares them, not a budget.
 *
 * Reach: helicopters and ground units are regional (about 2,800 km: Monrovia-Abidjan, about
 * 760 km, and Kinshasa or Goma to Juba, 770-2,100 km, are in; Kinshasa to Port-au-Prince,
 * about 9,900 km, is out); cargo aircraft cross oceans (15,000 km); observers and civilians
 * fly on scheduled or chartered flights, so they reach further than formed units.
 *
 * Transit: km a unit covers per day of movement, counting loading and staging, not cruise speed.
 */
const CAPABILITY_DEFAULTS: { [c in Capability]: CapabilityPolicy } = {
  'infantry-company': { maxDistanceKm: 3000, transitKmPerDay: 400, transferCostPerKm: 40, sustainmentPerDay: 15_000 },
  'formed-police-unit': { maxDistanceKm: 3000, transitKmPerDay: 400, transferCostPerKm: 40, sustainmentPerDay: 14_000 },
  'military-observer-team': { maxDistanceKm: 4000, transitKmPerDay: 1500, transferCostPerKm: 5, sustainmentPerDay: 2_000 },
  'utility-helicopter': { maxDistanceKm: 2800, transitKmPerDay: 600, transferCostPerKm: 60, sustainmentPerDay: 12_000 },
  'attack-helicopter': { maxDistanceKm: 2800, transitKmPerDay: 600, transferCostPerKm: 80, sustainmentPerDay: 18_000 },
  'cargo-aircraft': { maxDistanceKm: 15000, transitKmPerDay: 5000, transferCostPerKm: 25, sustainmentPerDay: 25_000 },
  'engineering-unit': { maxDistanceKm: 2500, transitKmPerDay: 300, transferCostPerKm: 50, sustainmentPerDay: 16_000 },
  'heavy-engineering-equipment': { maxDistanceKm: 2000, transitKmPerDay: 250, transferCostPerKm: 60, sustainmentPerDay: 4_000 },
  'field-hospital': { maxDistanceKm: 3000, transitKmPerDay: 400, transferCostPerKm: 50, sustainmentPerDay: 20_000 },
  'special-forces': { maxDistanceKm: 3000, transitKmPerDay: 1000, transferCostPerKm: 40, sustainmentPerDay: 15_000 },
  'civilian-team': { maxDistanceKm: 12000, transitKmPerDay: 5000, transferCostPerKm: 3, sustainmentPerDay: 3_000 },
};

/**
 * The policy a world plans with until an `imc.policy.updated` event says otherwise.
 */
export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze<Policy>({
  policyId: 'default',
  /** 0, so that any policy event (version >= 1) replaces the defaults. */
  version: 0,
  /**
   * A donor keeps at least half of each capability it holds, and never its last unit; its own
   * open demand for a capability is added on top by the floor rule.
   */
  reserveFloors: [{ missionId: '*', capability: '*', minFraction: 0.5, minCount: 1 }],
  /** A mission in crisis needs everything it has (MONUSCO, late 2012). */
  donorInCrisisLends: false,
  /** At most a quarter of a mission's uniformed personnel away on loan at once. */
  maxShareOnLoan: 0.25,
  /** A loan is a stop-gap: six months at most. */
  maxLoanDays: 180,
  /** Time to hand over and fly home after the window closes. */
  demobilizationDays: 14,
  /** A loan that would cover less than a quarter of the window is not worth the move. */
  minCoverage: 0.25,
  /**
   * A consent past its expected date is late by an unknown amount; planning it as two more weeks
   * keeps the loan visible without pretending the answer is due today.
   */
  overdueConsentDays: 14,
  /**
   * (v3) Three weeks: time for a Secretariat request to reach the Council or a capital before an
   * authorization ends an approved loan early.
   */
  renewalNoticeDays: 21,
  /** Proposed only when a demand allows them explicitly. */
  cautionCapabilities: ['special-forces', 'engineering-unit', 'field-hospital'],
  capabilities: CAPABILITY_DEFAULTS,
  weights: {
    /**
     * Per unit of weighted shortfall. A loan costs at most about 4.8 million dollars
     * (cargo aircraft: 15,000 km and 180 days), i.e. 4.8 at the cost weight below, while the
     * smallest coverage a proposed loan brings is minCoverage * weight 1 * 1000 = 250: coverage
     * always beats cost.
     */
    shortfall: 1000,
    /** Per dollar: one million dollars weighs 1. */
    cost: 1e-6,
    /** Per unit dropped from the previous proposal: above cost, far below coverage. */
    change: 20,
  },
  /** (v3) The costs above are US dollars. */
  currency: 'USD',
});

/** A policy event as validated: every field optional, capability entries partial. */
export type PolicyUpdate = Partial<Omit<Policy, 'capabilities' | 'weights'>> & {
  capabilities?: { [c in Capability]?: Partial<CapabilityPolicy> };
  weights?: Partial<Policy['weights']>;
};

/**
 * A policy event states the whole policy; what it leaves out takes the default (not the previous
 * value), so that a compacted policy topic replays to the same policy whatever came before.
 * Capability entries and weights merge field by field; reserveFloors and cautionCapabilities
 * replace the default lists.
 */
export function mergePolicy(update: PolicyUpdate, base: Readonly<Policy> = DEFAULT_POLICY): Policy {
  const capabilities: { [c in Capability]?: CapabilityPolicy } = {};
  for (const c of CAPABILITIES) {
    const def = base.capabilities[c];
    const over = update.capabilities?.[c];
    if (def || over) {
      const merged = { ...def, ...over };
      if (
        merged.maxDistanceKm !== undefined &&
        merged.transitKmPerDay !== undefined &&
        merged.transferCostPerKm !== undefined &&
        merged.sustainmentPerDay !== undefined
      ) {
        capabilities[c] = merged as CapabilityPolicy;
      }
    }
  }
  return {
    policyId: 'default',
    version: update.version ?? base.version,
    reserveFloors: (update.reserveFloors ?? base.reserveFloors).map((r) => ({ ...r })),
    donorInCrisisLends: update.donorInCrisisLends ?? base.donorInCrisisLends,
    maxShareOnLoan: update.maxShareOnLoan ?? base.maxShareOnLoan,
    maxLoanDays: update.maxLoanDays ?? base.maxLoanDays,
    demobilizationDays: update.demobilizationDays ?? base.demobilizationDays,
    minCoverage: update.minCoverage ?? base.minCoverage,
    overdueConsentDays: update.overdueConsentDays ?? base.overdueConsentDays,
    renewalNoticeDays: update.renewalNoticeDays ?? base.renewalNoticeDays,
    cautionCapabilities: [...(update.cautionCapabilities ?? base.cautionCapabilities)],
    capabilities,
    weights: { ...base.weights, ...update.weights },
    currency: update.currency ?? base.currency ?? 'USD',
  };
}
