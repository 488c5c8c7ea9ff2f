import type { Proposal } from '@imc/contracts';
import type { WorldSnapshot } from '@imc/domain';
import type { Engine } from '@imc/optimizer';
import type { WorldUpdate } from './world-sync';

/**
 * One plan for the planning worker: the world as it is now, and what the session decided. The
 * allocator posts `update` (the worker keeps its copy of the world, see world-sync.ts); a caller
 * that plans once (the bench) may post the whole `world` instead.
 */
export interface PlanTask {
  world?: WorldSnapshot;
  update?: WorldUpdate;
  scope: string;
  version: number;
  previous?: Proposal;
  /** The previous proposal is the world's latest one, which the worker's copy already holds. */
  previousIsLatest?: boolean;
  engine: Engine;
  /**
   * A warm-up instead of a plan: the worker generates a dense world of this shape and plans it,
   * leaving its copy of the world and its component cache as they were (see PlanWorkerPlanner.warmUp).
   */
  warmUp?: { missions: number; demands: number; seed: number };
}

export interface PlanTaskResult {
  /**
   * The proposal as JSON: a string crosses the thread boundary at the cost of a copy, where the
   * structured clone of the object graph took 60 ms of the service's event loop to rebuild for a
   * 120-mission dense proposal (447 loans with their explanations); JSON.parse takes 3 ms.
   */
  proposalJson: string;
  /** proposalFingerprint of the proposal, computed here rather than on the service's event loop. */
  fingerprint: string;
  /** Problem build, in the worker. */
  buildMs: number;
  /** Model, solve, decode and explanations, in the worker. */
  planMs: number;
  components: number;
  /** Components taken unchanged from an earlier plan (incremental re-planning). */
  reused: number;
}
