export * from './rng';
export * from './crisis-model';
export * from './sample-crises';
export * from './stress-sample';
export * from './stress-tally';
export * from './stress-run';
