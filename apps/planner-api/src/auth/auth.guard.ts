import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '../http/api-error';
import { REQUIRED_ROLE } from './require-role.decorator';
import { Caller, Role, roleAtLeast } from './role';
import { TokenRegistry } from './token-registry';

export type AuthenticatedRequest = Request & { caller?: Caller };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Bearer token to role: 401 without a token or with an unknown one, 403 below the endpoint's role.
 * Closed by default: an endpoint behind this guard that names no role is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenRegistry,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const needed = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]);
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw ApiError.unauthorized('a bearer token is required (Authorization: Bearer <token>)');
    const caller = this.tokens.lookup(match[1]);
    if (!caller) throw ApiError.unauthorized('unknown token');
    if (needed === undefined) throw ApiError.forbidden('this endpoint has no role configured');
    if (!roleAtLeast(caller.role, needed)) throw ApiError.forbidden(`role ${needed} required, token has ${caller.role}`);
    request.caller = caller;
    return true;
  }
}
