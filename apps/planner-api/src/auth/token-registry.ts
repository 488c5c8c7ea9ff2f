import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Caller, Role, ROLES } from './role';

interface TokenEntry {
  hash: Buffer;
  caller: Caller;
}

export class MissingTokensError extends Error {
  constructor() {
    super('IMC_API_TOKENS is not set: the API refuses to start without tokens outside development mode (set IMC_API_TOKENS=token:role,... with roles viewer, planner, approver, or OIDC_ISSUER, or NODE_ENV=development)');
    this.name = 'MissingTokensError';
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The operator's bearer tokens, held only as SHA-256 hashes. A lookup compares the presented
 * token's hash with every configured hash in constant time and never stops early, so neither the
 * answer time nor an early exit tells a caller how close a guess was.
 */
export class TokenRegistry {
  private readonly entries: TokenEntry[];

  private constructor(pairs: { token: string; role: Role }[]) {
    this.entries = pairs.map(({ token, role }) => {
      const hash = sha256(token);
      return { hash, caller: { role, identity: `${role}:${hash.toString('hex').slice(0, 8)}` } };
    });
  }

  /** `token:role,token:role` as AppConfig validated it. */
  static parse(spec: string): TokenRegistry {
    const pairs = spec
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p, n) => {
        const i = p.lastIndexOf(':');
        const token = p.slice(0, i);
        const role = p.slice(i + 1) as Role;
        // The pair is named by position: any part of a token in a log line is a part given away.
        if (i <= 0 || !ROLES.includes(role)) throw new Error(`IMC_API_TOKENS: pair ${n + 1}: expected token:role with role one of ${ROLES.join(', ')}`);
        return { token, role };
      });
    return new TokenRegistry(pairs);
  }

  /**
   * Tokens from the configuration. Without any: fine with OIDC; else refused outside development
   * mode, and in development mode a random approver token is made up and returned to be printed.
   */
  static fromConfig(spec: string | undefined, developmentMode: boolean, oidc = false): { registry: TokenRegistry; generated?: string } {
    if (spec !== undefined && spec.trim() !== '') return { registry: TokenRegistry.parse(spec) };
    // OpenID Connect alone is a way in: no static token is needed, and none is made up.
    if (oidc) return { registry: new TokenRegistry([]) };
    if (!developmentMode) throw new MissingTokensError();
    const generated = `dev-${randomBytes(16).toString('hex')}`;
    return { registry: TokenRegistry.parse(`${generated}:approver`), generated };
  }

  get size(): number {
    return this.entries.length;
  }

  lookup(token: string): Caller | undefined {
    const presented = sha256(token);
    let found: Caller | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, entry.hash) && found === undefined) found = entry.caller;
    }
    return found;
  }
}
