import type {
  CandidatePair,
  CapacityRow,
  DemandSlot,
  PlanningProblem,
  ReceivingRow,
  UnitGroup,
} from '@imc/domain/planning-problem';
import type { Capability } from '@imc/contracts';
import type { ModelConstraint } from '../linear-model';
import { rowActivity } from '../linear-model';
import type { PlanningModel } from '../model-builder';

/** Hand-written tiny problems for unit specs: only what a spec states, sensible defaults for the rest. */
export function group(groupId: string, missionId: string, units: number, extra: Partial<UnitGroup> = {}): UnitGroup {
  return {
    groupId,
    missionId,
    capability: 'infantry-company',
    contributor: 'PAK',
    noticeToMoveDays: 7,
    personnel: 150,
    aircraft: 0,
    unitIds: Array.from({ length: units }, (_, at) => `${groupId}-u${at + 1}`),
    ...extra,
  };
}

export function demand(demandId: string, missionId: string, quantity: number, weight = 1, capability: Capability = 'infantry-company'): DemandSlot {
  return {
    demandId,
    missionId,
    capability,
    quantity,
    weight,
    window: { start: '2011-01-10T00:00:00Z', end: '2011-03-10T00:00:00Z' },
  };
}

export function pair(groupId: string, demandId: string, coverage = 1, costPerUnit = 1000, distanceKm = 800): CandidatePair {
  return {
    groupId,
    demandId,
    coverage,
    costPerUnit,
    loanTemplate: {
      demandId,
      capability: 'infantry-company',
      fromMission: groupId.split('/')[0],
      toMission: 'X',
      contributor: 'PAK',
      distanceKm,
      leadTime: { noticeDays: 7, consentDays: 0, authorizationDays: 0, transitDays: 2 },
      arriveBy: '2011-01-12T00:00:00Z',
      returnBy: '2011-03-24T00:00:00Z',
      coverage,
      pending: [],
      criticalPath: 'notice',
      consents: [],
      cost: { transferPerUnit: costPerUnit / 2, sustainmentPerDayPerUnit: 10, totalPerUnit: costPerUnit },
    },
  };
}

export function floorRow(missionId: string, groupIds: string[], limit: number): CapacityRow {
  return {
    rowId: `floor:${missionId}:infantry-company`,
    missionId,
    limit,
    coefficients: Object.fromEntries(groupIds.map((groupId) => [groupId, 1])),
    detail: `limit ${limit}`,
    reason: 'reserve-floor',
  };
}

export function shareRow(missionId: string, coefficients: Record<string, number>, limit: number): CapacityRow {
  return { rowId: `share:${missionId}`, missionId, limit, coefficients, detail: `limit ${limit} personnel`, reason: 'share-on-loan' };
}

export function receivingRow(missionId: string, demandIds: string[], limit: number, resource: 'personnel' | 'aircraft' = 'personnel'): ReceivingRow {
  return { rowId: `receiving:${missionId}:${resource}`, missionId, limit, resource, demandIds, detail: `capacity ${limit} ${resource}` };
}

export function problem(parts: Partial<PlanningProblem>): PlanningProblem {
  return {
    asOf: '2011-01-01T00:00:00Z',
    scope: 'global',
    groups: [],
    demands: [],
    pairs: [],
    floorRows: [],
    shareRows: [],
    receivingRows: [],
    exclusions: [],
    posture: [],
    recalls: [],
    renewalsDue: [],
    previous: {},
    weights: { shortfall: 1000, cost: 1e-6, change: 20 },
    ...parts,
  };
}

/** A full value vector from named values (`y[g|d]`, `short[d]`, ...); everything else 0. */
export function valuesOf(built: PlanningModel, named: Record<string, number>): number[] {
  return built.model.variables.map((variable) => named[variable.name] ?? 0);
}

/** The row's terms as name -> coefficient, for readable expectations. */
export function termsOf(built: PlanningModel, row: ModelConstraint): Record<string, number> {
  return Object.fromEntries(row.terms.map((term) => [built.model.variables[term.variable].name, term.coefficient]));
}

/** How far a plan breaks a row (0 when it holds). */
export function violation(row: ModelConstraint, values: number[]): number {
  const activity = rowActivity(row, values);
  return Math.max(0, row.lower - activity, activity - row.upper);
}
