/** Roles of the planner API, lowest first: each role may do everything the ones below it may. */
export const ROLES = ['viewer', 'planner', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** Who made a request: the role and a stable, non-secret name derived from the token. */
export interface Caller {
  role: Role;
  /** e.g. `approver:3f2a91c0`: the role and the first 8 hex digits of the token's SHA-256. */
  identity: string;
}
