export * from './plan/plan-task';
export * from './plan/plan-worker-planner';
export * from './plan/world-sync';
export * from './advice/advice-pool';
export * from './stress/stress-pool';
export * from './stress/stress-task';
export * from './what-if/what-if-pool';
