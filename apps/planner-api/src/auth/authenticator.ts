import { ApiError, ApiErrorCode } from '../http/api-error';
import { isRefusal, OidcVerifier } from './oidc-verifier';
import { Caller } from './role';
import { TokenRegistry } from './token-registry';

/**
 * Who a bearer token stands for: one of the operator's static tokens, else (when OIDC_ISSUER is
 * set) an OpenID Connect token of the issuer. A static token is looked up first, in constant
 * time, so an operator's token never leaves the process for the identity provider's checks.
 */
export class Authenticator {
  constructor(
    private readonly tokens: TokenRegistry,
    private readonly oidc?: OidcVerifier,
  ) {}

  get oidcEnabled(): boolean {
    return this.oidc !== undefined;
  }

  /** The caller, or an ApiError: 401 unknown/invalid, 403 valid but without a role, 503 cannot check now. */
  async authenticate(token: string, jwtShaped: boolean): Promise<Caller> {
    const known = this.tokens.lookup(token);
    if (known) return known;
    if (!this.oidc || !jwtShaped) throw ApiError.unauthorized('unknown token');
    const result = await this.oidc.verify(token);
    if (!isRefusal(result)) return result;
    if (result.status === 403) throw ApiError.forbidden(result.reason);
    if (result.status === 503) throw new ApiError(ApiErrorCode.Unavailable, result.reason);
    throw ApiError.unauthorized(result.reason);
  }
}
