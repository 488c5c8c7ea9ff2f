import { createRemoteJWKSet, errors, JWTPayload, jwtVerify } from 'jose';
import type { OidcSettings } from '@imc/platform';
import { Caller, Role, ROLES } from './role';

/** Why a token was not accepted: 401 (who are you?), 403 (known, but no role here), 503 (cannot tell now). */
export type OidcRefusal = { status: 401 | 403 | 503; reason: string };

/** Signatures an OpenID provider uses; `none` and shared-secret HMAC are never accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** The value at a dotted path of the claims (`realm_access.roles`), or undefined. */
export function claimAt(payload: JWTPayload, path: readonly string[]): unknown {
  let at: unknown = payload;
  for (const step of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.prototype.hasOwnProperty.call(at, step)) return undefined;
    at = (at as Record<string, unknown>)[step];
  }
  return at;
}

/**
 * The highest role the claim's values map to. A list of strings (Keycloak, Entra ID) or one
 * space-separated string (a `scope`-like claim) are both read; anything else gives no role.
 */
export function roleFromClaim(value: unknown, map: ReadonlyMap<string, Role>): Role | undefined {
  const values = typeof value === 'string' ? value.split(/\s+/) : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  let best: Role | undefined;
  for (const v of values) {
    const role = map.get(v);
    if (role !== undefined && (best === undefined || ROLES.indexOf(role) > ROLES.indexOf(best))) best = role;
  }
  return best;
}

/** A short, printable name for the reviewer field and the logs; never the token itself. */
function displayName(payload: JWTPayload): string {
  const candidate = [payload.preferred_username, payload.email, payload.sub].find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? 'unknown';
  return candidate.replace(/[^\x21-\x7e]/g, '_').slice(0, 64);
}

/**
 * OpenID Connect bearer tokens: a JWT signed by one of the issuer's keys (its JWKS, fetched and
 * cached by jose, refetched when an unknown key id appears, so key rotation needs no restart),
 * for this API's audience, from this issuer, not expired. Without OIDC_JWKS_URI the key set's
 * address comes from the issuer's discovery document, read on first use (so the API starts even
 * while the provider is down) and again after a failure.
 */
export class OidcVerifier {
  private keys?: Promise<KeySet>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly fetchJson: (url: string) => Promise<unknown> = async (url) => {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res.json();
    },
  ) {}

  private keySet(): Promise<KeySet> {
    if (this.keys === undefined) {
      this.keys = this.discover().catch((error: unknown) => {
        this.keys = undefined;
        throw error;
      });
    }
    return this.keys;
  }

  private async discover(): Promise<KeySet> {
    const s = this.settings;
    if (s.jwksUri !== undefined) return createRemoteJWKSet(new URL(s.jwksUri), { timeoutDuration: 5000 });
    const url = `${s.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const meta = await this.fetchJson(url);
    const m = (typeof meta === 'object' && meta !== null ? meta : {}) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery: the document must name the very issuer it was fetched for.
    if (m.issuer !== s.issuer) throw new Error(`${url} names issuer ${JSON.stringify(m.issuer)}, not OIDC_ISSUER`);
    if (typeof m.jwks_uri !== 'string') throw new Error(`${url} has no jwks_uri`);
    return createRemoteJWKSet(new URL(m.jwks_uri), { timeoutDuration: 5000 });
  }

  /** The caller a token stands for, or why it does not stand for one. */
  async verify(token: string): Promise<Caller | OidcRefusal> {
    const s = this.settings;
    let keys: KeySet;
    try {
      keys = await this.keySet();
    } catch {
      return { status: 503, reason: 'cannot check the token now: the identity provider\'s keys are unavailable' };
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: s.issuer,
        audience: s.audience,
        clockTolerance: s.clockToleranceS,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return refusalOf(error);
    }
    const role = roleFromClaim(claimAt(payload, s.rolesClaim), s.roleMap);
    if (role === undefined) return { status: 403, reason: `the token carries no role for this API in claim ${s.rolesClaim.join('.')}` };
    return { role, identity: `${role}:${displayName(payload)}` };
  }
}

/** jose's error, in words a caller can act on. */
function refusalOf(error: unknown): OidcRefusal {
  if (error instanceof errors.JWTExpired) return { status: 401, reason: 'token expired' };
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return { status: 401, reason: 'token is for another audience (aud), not this API' };
      case 'iss':
        return { status: 401, reason: 'token is from another issuer (iss)' };
      case 'nbf':
        return { status: 401, reason: 'token is not valid yet (nbf)' };
      case 'exp':
        return { status: 401, reason: 'token has no expiry (exp)' };
      default:
        return { status: 401, reason: `token claim ${error.claim} is not acceptable` };
    }
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) {
    return { status: 401, reason: 'token is not signed by a key of the issuer' };
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return { status: 401, reason: 'token signature algorithm not accepted' };
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error instanceof errors.JWKSMultipleMatchingKeys) {
    return { status: 503, reason: 'cannot check the token now: the identity provider\'s keys are unavailable' };
  }
  if (error instanceof errors.JOSEError) return { status: 401, reason: 'malformed token' };
  // Not jose's verdict on the token: the key set could not be fetched (connection refused, reset).
  return { status: 503, reason: 'cannot check the token now: the identity provider\'s keys are unavailable' };
}

export function isRefusal(result: Caller | OidcRefusal): result is OidcRefusal {
  return 'status' in result;
}
