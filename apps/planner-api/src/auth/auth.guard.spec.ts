import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { AuthenticatedRequest, AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { RequireRole } from './require-role.decorator';
import { MissingTokensError, TokenRegistry } from './token-registry';

@Controller()
class Fixture {
  @Get() @RequireRole('viewer') read(): void {}
  @Get() @RequireRole('planner') plan(): void {}
  @Get() @RequireRole('approver') approve(): void {}
  @Get() unmarked(): void {}
}

const registry = TokenRegistry.parse('view-token:viewer,plan-token:planner,approve-token:approver');
const guard = new AuthGuard(new Authenticator(registry), new Reflector());

function contextFor(handler: keyof Fixture, authorization?: string): { context: ExecutionContext; request: AuthenticatedRequest } {
  const request = { headers: authorization === undefined ? {} : { authorization } } as AuthenticatedRequest;
  const context = {
    getHandler: () => Fixture.prototype[handler],
    getClass: () => Fixture,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

async function outcome(handler: keyof Fixture, authorization?: string): Promise<number> {
  try {
    await guard.canActivate(contextFor(handler, authorization).context);
    return 200;
  } catch (error) {
    if (error instanceof ApiError) return { [ApiErrorCode.Unauthorized]: 401, [ApiErrorCode.Forbidden]: 403 }[error.code as string] ?? 500;
    throw error;
  }
}

describe('AuthGuard', () => {
  it.each([
    // handler, header, expected
    ['read', undefined, 401],
    ['read', 'Bearer', 401],
    ['read', 'Basic dmlldy10b2tlbg==', 401],
    ['read', 'Bearer nope', 401],
    ['read', 'Bearer view-token-and-more', 401],
    ['read', 'Bearer view-token', 200],
    ['read', 'bearer   view-token', 200],
    ['plan', 'Bearer view-token', 403],
    ['plan', 'Bearer plan-token', 200],
    ['plan', 'Bearer approve-token', 200],
    ['approve', 'Bearer plan-token', 403],
    ['approve', 'Bearer approve-token', 200],
    ['read', 'Bearer view-token extra', 401],
    ['read', 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', 401],
  ] as const)('%s with %p answers %i', async (handler, header, expected) => {
    expect(await outcome(handler, header)).toBe(expected);
  });

  it('refuses a known token on an endpoint that names no role (closed by default)', async () => {
    expect(await outcome('unmarked', 'Bearer approve-token')).toBe(403);
  });

  it('sets the caller: role and a name that does not reveal the token', async () => {
    const { context, request } = contextFor('read', 'Bearer approve-token');
    await guard.canActivate(context);
    expect(request.caller?.role).toBe('approver');
    expect(request.caller?.identity).toMatch(/^approver:[0-9a-f]{8}$/);
    expect(request.caller?.identity).not.toContain('approve-token');
  });
});

describe('TokenRegistry', () => {
  it('finds each token with its role and nothing else', () => {
    expect(registry.lookup('view-token')?.role).toBe('viewer');
    expect(registry.lookup('plan-token')?.role).toBe('planner');
    expect(registry.lookup('approve-token')?.role).toBe('approver');
    expect(registry.lookup('')).toBeUndefined();
    expect(registry.lookup('VIEW-TOKEN')).toBeUndefined();
  });

  it('gives two tokens of the same role two identities', () => {
    const two = TokenRegistry.parse('alice-token:approver,bob-token:approver');
    expect(two.lookup('alice-token')?.identity).not.toBe(two.lookup('bob-token')?.identity);
  });

  it('refuses to start without tokens outside development mode, saying why in one line', () => {
    expect(() => TokenRegistry.fromConfig(undefined, false)).toThrow(MissingTokensError);
    expect(() => TokenRegistry.fromConfig('  ', false)).toThrow(/IMC_API_TOKENS is not set/);
    try {
      TokenRegistry.fromConfig(undefined, false);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('\n');
    }
  });

  it('makes up an approver token in development mode', () => {
    const { registry: dev, generated } = TokenRegistry.fromConfig(undefined, true);
    expect(generated).toMatch(/^dev-[0-9a-f]{32}$/);
    expect(dev.lookup(generated ?? '')?.role).toBe('approver');
  });

  it('needs no static token, and makes none up, when OpenID Connect is configured', () => {
    for (const dev of [false, true]) {
      const { registry: none, generated } = TokenRegistry.fromConfig(undefined, dev, true);
      expect([none.size, generated]).toEqual([0, undefined]);
    }
  });

  it('uses the configured tokens even in development mode', () => {
    const { registry: configured, generated } = TokenRegistry.fromConfig('t:viewer', true);
    expect(generated).toBeUndefined();
    expect(configured.size).toBe(1);
  });
});
