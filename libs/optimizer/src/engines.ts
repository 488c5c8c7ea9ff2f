// The list moved to libs/contracts (the config reads it there, and libs/platform imports only the contracts).
export { ENGINES, type Engine } from '@imc/contracts';
