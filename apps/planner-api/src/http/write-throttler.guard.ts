import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Write endpoints are limited per caller: per token when there is one, else per address. */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const headers = (req.headers ?? {}) as Record<string, string | undefined>;
    const auth = headers.authorization;
    if (typeof auth === 'string' && auth.length > 0) return `token:${createHash('sha256').update(auth).digest('hex').slice(0, 16)}`;
    return `ip:${String(req.ip ?? 'unknown')}`;
  }
}

/** Per caller and per endpoint. */
export const WRITE_THROTTLE = { ttl: 60_000, limit: 60 };
