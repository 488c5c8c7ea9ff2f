import type { SolverStatus } from '@imc/contracts';
import type { PlanningProblem } from '@imc/domain/planning-problem';

/** How one component was settled: enough to reuse it without building or solving its model. */
export interface SettledComponent {
  y: number[];
  status: SolverStatus;
  path: 'trivial' | 'lp' | 'milp' | 'greedy';
  gap?: number;
  objective: number;
  variables: number;
  constraints: number;
}

/**
 * Incremental re-planning: the components of the last plans, by everything their model and their
 * fallback read (groups, demands, each pair's coverage, cost and distance, the capacity rows, the
 * previous units, the weights). A component whose inputs did not change since it was solved is
 * not modelled or solved again: its plan is taken as it was, which is what solving it again would
 * give (the solvers are deterministic; the incremental-equals-full spec checks it).
 *
 * Only the components of the most recent plans are kept (`generations`): a long-running
 * allocator's memory stays flat whatever it has planned before.
 */
export class ComponentCache {
  private current = new Map<string, SettledComponent>();
  private older = new Map<string, SettledComponent>();
  hits = 0;
  misses = 0;

  /** Starts a plan: what the plan before last used and this one does not is forgotten. */
  nextPlan(): void {
    this.older = this.current;
    this.current = new Map();
  }

  get(key: string): SettledComponent | undefined {
    const found = this.current.get(key) ?? this.older.get(key);
    if (found) {
      this.hits += 1;
      this.current.set(key, found);
    } else {
      this.misses += 1;
    }
    return found;
  }

  set(key: string, settled: SettledComponent): void {
    this.current.set(key, settled);
  }

  get size(): number {
    return new Set([...this.current.keys(), ...this.older.keys()]).size;
  }
}

/** What a component's solution depends on, as one string (see ComponentCache). */
export function componentKey(part: PlanningProblem): string {
  return JSON.stringify([
    part.weights,
    part.groups,
    part.demands.map((d) => [d.demandId, d.quantity, d.weight]),
    part.pairs.map((p) => [p.groupId, p.demandId, p.coverage, p.costPerUnit, p.loanTemplate.distanceKm, p.lenderNeed ?? 0]),
    part.floorRows,
    part.shareRows,
    part.receivingRows,
    Object.entries(part.previous).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
}
