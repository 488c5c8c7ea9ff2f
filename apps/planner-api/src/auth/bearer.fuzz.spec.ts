import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import * as fc from 'fast-check';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import { loadConfig } from '@imc/platform';
import { ApiError } from '../http/api-error';
import { AuthenticatedRequest, AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { looksLikeJwt, MAX_BEARER_LENGTH, parseBearer } from './bearer';
import { OidcVerifier } from './oidc-verifier';
import { REQUIRED_ROLE } from './require-role.decorator';
import { TokenRegistry } from './token-registry';

/**
 * The Authorization header is the first thing of a request the API reads: whatever a client
 * sends there gives 200, 401, 403 or 503, never another error, and a well-formed header always
 * yields exactly its token.
 */
const visible = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 60 });
const blanks = fc.string({ unit: fc.constantFrom(' ', '\t'), minLength: 1, maxLength: 3 });
const scheme = fc.constantFrom('Bearer', 'bearer', 'BEARER', 'bEaReR');

const base64url = fc.base64String().map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
/** Three segments, the first often a real JOSE header (RS256 with a kid, alg none, broken JSON). */
const jwtish = fc
  .tuple(fc.oneof(base64url, fc.constantFrom('eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ', 'eyJhbGciOiJub25lIn0', 'eyJ9')), base64url, base64url)
  .map((parts) => parts.join('.'));

const header = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.tuple(scheme, blanks, visible, fc.constantFrom('', ' ', '\t', ' x', '\n', '\u0000')).map(([s, b, t, tail]) => `${s}${b}${t}${tail}`),
  fc.tuple(scheme, blanks, jwtish).map(([s, b, t]) => `${s}${b}${t}`),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer valid-token', 'Bearer valid-token valid-token', `Bearer ${'a'.repeat(MAX_BEARER_LENGTH)}`),
);

function contextFor(authorization: unknown): ExecutionContext {
  const request = { headers: authorization === undefined ? {} : { authorization } } as unknown as AuthenticatedRequest;
  const handler = (): void => undefined;
  Reflect.defineMetadata(REQUIRED_ROLE, 'viewer', handler);
  return { getHandler: () => handler, getClass: () => Object, switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

describe('bearer header parsing (fuzz)', () => {
  it('parseBearer never throws and yields only a whole visible-ASCII token that is in the header', () => {
    fc.assert(
      fc.property(fc.oneof(header, fc.anything()), (h) => {
        const token = parseBearer(h);
        if (token === undefined) return;
        expect(token).toMatch(/^[\x21-\x7e]+$/);
        expect(typeof h === 'string' && h.includes(token)).toBe(true);
      }),
      fuzzParameters(),
    );
  });

  it('a well-formed header yields exactly its token, whatever the case of the scheme and the blanks', () => {
    fc.assert(
      fc.property(scheme, blanks, visible, fc.constantFrom('', ' ', '\t '), (s, b, t, tail) => {
        expect(parseBearer(`${s}${b}${t}${tail}`)).toBe(t);
      }),
      fuzzParameters(),
    );
  });

  it('the guard, with static tokens and OIDC both on, answers every header with 200, 401, 403 or 503 only', async () => {
    // The key set's address is a closed port: a token that gets as far as the keys meets an outage.
    const config = loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:9/realm', OIDC_AUDIENCE: 'api', OIDC_JWKS_URI: 'http://127.0.0.1:9/certs' });
    const oidc = config.oidc;
    if (!oidc) throw new Error('OIDC settings expected');
    const guard = new AuthGuard(new Authenticator(TokenRegistry.parse('valid-token:viewer'), new OidcVerifier(oidc)), new Reflector());
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(header, fc.constant(undefined), fc.array(fc.string(), { maxLength: 2 })), async (h) => {
        let status = 200;
        try {
          await guard.canActivate(contextFor(h));
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          status = { unauthorized: 401, forbidden: 403, unavailable: 503 }[error.code as string] ?? 500;
        }
        seen.add(status);
        expect([200, 401, 403, 503]).toContain(status);
      }),
      fuzzParameters(400),
    );
    expect(seen.has(200) && seen.has(401)).toBe(true);
  }, 120_000);

  it('tells JWT-shaped tokens from static ones', () => {
    expect(looksLikeJwt('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    expect(looksLikeJwt('dev-0123abcd')).toBe(false);
    expect(looksLikeJwt('a.b')).toBe(false);
    expect(looksLikeJwt('a.b.c.d')).toBe(false);
  });
});
