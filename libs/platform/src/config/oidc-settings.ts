/** The API's roles as OIDC_ROLE_MAP may name them (the API's own Role type lives with its guard). */
export type OidcRole = 'viewer' | 'planner' | 'approver';

/** OpenID Connect as the planner-api applies it; built from AppConfig's OIDC_* variables. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  /** Unset: discovered from the issuer's metadata on first use. */
  jwksUri?: string;
  /** The claim's path, split at the dots: `realm_access.roles` is ['realm_access', 'roles']. */
  rolesClaim: string[];
  /** Claim value to role; the highest role a token's values map to wins. */
  roleMap: ReadonlyMap<string, OidcRole>;
  clockToleranceS: number;
}

export class OidcSettingsError extends Error {}

interface OidcVariables {
  OIDC_ISSUER?: string;
  OIDC_AUDIENCE?: string;
  OIDC_JWKS_URI?: string;
  OIDC_ROLES_CLAIM: string;
  OIDC_ROLE_MAP?: string;
  OIDC_CLOCK_TOLERANCE_S: number;
}

const DEFAULT_ROLE_MAP = 'viewer:viewer,planner:planner,approver:approver';

/**
 * Undefined without OIDC_ISSUER. An issuer without an audience is refused: without the audience
 * check, any token the issuer signed for any other application would open the API.
 */
export function oidcSettings(v: OidcVariables): OidcSettings | undefined {
  if (v.OIDC_ISSUER === undefined) {
    const stray = (['OIDC_AUDIENCE', 'OIDC_JWKS_URI', 'OIDC_ROLE_MAP'] as const).filter((k) => v[k] !== undefined);
    if (stray.length > 0) throw new OidcSettingsError(`${stray.join(', ')} set without OIDC_ISSUER`);
    return undefined;
  }
  if (v.OIDC_AUDIENCE === undefined) throw new OidcSettingsError('OIDC_ISSUER needs OIDC_AUDIENCE (the client id the API accepts tokens for)');
  const roleMap = new Map<string, OidcRole>();
  for (const pair of (v.OIDC_ROLE_MAP ?? DEFAULT_ROLE_MAP).split(',')) {
    const i = pair.lastIndexOf(':');
    roleMap.set(pair.slice(0, i), pair.slice(i + 1) as OidcRole);
  }
  return {
    issuer: v.OIDC_ISSUER,
    audience: v.OIDC_AUDIENCE,
    jwksUri: v.OIDC_JWKS_URI,
    rolesClaim: v.OIDC_ROLES_CLAIM.split('.'),
    roleMap,
    clockToleranceS: v.OIDC_CLOCK_TOLERANCE_S,
  };
}
