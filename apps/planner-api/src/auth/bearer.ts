/** Longer than any real token (a JWT with many roles is a few kB): refused before any parsing. */
export const MAX_BEARER_LENGTH = 8192;

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750; the scheme is
 * case-insensitive), or undefined for anything else: another scheme, no token, two tokens, a
 * control or non-ASCII character, a repeated header (Node joins those into an array for unknown
 * headers, but not for authorization; an array is refused all the same).
 */
export function parseBearer(header: unknown): string | undefined {
  if (typeof header !== 'string' || header.length > MAX_BEARER_LENGTH) return undefined;
  return BEARER.exec(header)?.[1];
}

/** Three base64url segments: what a JWS compact token looks like (so not a static token). */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}
