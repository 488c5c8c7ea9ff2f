import type { Proposal } from '@imc/contracts';
import type { WorldSnapshot } from '@imc/domain';
import type { Engine } from '@imc/optimizer';

/** One plan for the planning worker: the world as it is now, and what the session decided. */
export interface PlanTask {
  world: WorldSnapshot;
  scope: string;
  version: number;
  previous?: Proposal;
  engine: Engine;
}

export interface PlanTaskResult {
  proposal: Proposal;
  /** Problem build, in the worker. */
  buildMs: number;
  /** Model, solve, decode and explanations, in the worker. */
  planMs: number;
  components: number;
  /** Components taken unchanged from an earlier plan (incremental re-planning). */
  reused: number;
}
