import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC } from '@imc/platform';
import { ApiError } from '../http/api-error';
import { Authenticator } from './authenticator';
import { looksLikeJwt, parseBearer } from './bearer';
import { REQUIRED_ROLE } from './require-role.decorator';
import { Caller, Role, roleAtLeast } from './role';

export type AuthenticatedRequest = Request & { caller?: Caller };

/**
 * Bearer token to role: 401 without a token or with an unknown or invalid one, 403 below the
 * endpoint's role (or an OIDC token with no role for this API). App-wide (APP_GUARD) and closed by
 * default: an endpoint that names no role is refused, unless it is `@Public()`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const needed = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]);
    const token = parseBearer(request.headers.authorization);
    if (token === undefined) throw ApiError.unauthorized('a bearer token is required (Authorization: Bearer <token>)');
    const caller = await this.authenticator.authenticate(token, looksLikeJwt(token));
    if (needed === undefined) throw ApiError.forbidden('this endpoint has no role configured');
    if (!roleAtLeast(caller.role, needed)) throw ApiError.forbidden(`role ${needed} required, token has ${caller.role}`);
    request.caller = caller;
    return true;
  }
}

/** Whether the endpoint (or its controller) is marked `@Public()`. */
export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
}
