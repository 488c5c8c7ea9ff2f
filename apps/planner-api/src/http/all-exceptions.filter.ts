import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { DomainError, FieldError, Outcome } from '../common/domain-error';
import { ApiError } from './api-error';
import { currentCorrelationId } from './request-context';
import { errorMessage } from '@imc/contracts';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldError[];
  eventId?: string;
  correlationId?: string;
}

/** The one place an outcome becomes an HTTP status. */
export const OUTCOME_STATUS: Record<Outcome, number> = {
  [Outcome.Invalid]: 400,
  [Outcome.Unauthorized]: 401,
  [Outcome.Forbidden]: 403,
  [Outcome.NotFound]: 404,
  [Outcome.Conflict]: 409,
  [Outcome.KeyReused]: 422,
  [Outcome.Busy]: 429,
  [Outcome.Unavailable]: 503,
};

/**
 * Every error leaves as the same small JSON body; a stack trace goes to the log, never to the
 * caller. A DomainError (an ApiError among them) names its outcome, mapped to a status here. Errors of the HTTP layer itself (malformed JSON, a body over the limit) arrive here as
 * HttpExceptions from Nest's router.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const correlationId = currentCorrelationId();
    const health = healthAnswer(exception);
    if (health) {
      // A readiness probe answered 503 (the state is still loading, Kafka is away): an answer for
      // the caller, with the checks' details, and nothing a user must act on.
      this.logger.debug({ msg: 'health check not ok', correlationId, status: health.status });
      if (!response.headersSent) response.status(HttpStatus.SERVICE_UNAVAILABLE).json(health);
      return;
    }
    const body = this.toBody(exception);
    if (body.statusCode >= 500 && exception instanceof HttpException) {
      // Thrown on purpose with its status: worth a line, not a stack.
      this.logger.warn({ msg: 'answered with a server error', correlationId, status: body.statusCode, error: exception.message });
    } else if (body.statusCode >= 500) {
      this.logger.error({ msg: 'unhandled error', correlationId, error: errorMessage(exception), stack: exception instanceof Error ? exception.stack : undefined });
    }
    if (body.statusCode === HttpStatus.UNAUTHORIZED) response.setHeader('WWW-Authenticate', 'Bearer');
    if (exception instanceof ApiError && exception.retryAfterSeconds !== undefined && !response.headersSent) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (response.headersSent) return;
    response.status(body.statusCode).json({ ...body, correlationId });
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = OUTCOME_STATUS[exception.code];
      const eventId = exception instanceof ApiError ? exception.eventId : undefined;
      return { statusCode, error: reasonPhrase(statusCode), message: exception.message, ...(exception.errors ? { errors: exception.errors } : {}), ...(eventId ? { eventId } : {}) };
    }
    if (exception instanceof ThrottlerException) {
      return { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: reasonPhrase(429), message: 'too many write requests; retry later' };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : typeof (raw as { message?: unknown }).message === 'string' ? ((raw as { message: string }).message) : exception.message;
      // Nest's default messages for a few statuses say more than the caller needs.
      return { statusCode, error: reasonPhrase(statusCode), message: statusCode === 413 ? 'request body too large' : statusCode === 400 && /^(Unexpected|Expected)|JSON/.test(message) ? `malformed JSON body: ${message}` : firstLine(message) };
    }
    const http = exception as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown };
    // Errors of the body parser (http-errors): their status and message are meant for the caller.
    if (typeof http?.status === 'number' && http.status >= 400 && http.status < 500 && http.expose === true) {
      const statusCode = http.status;
      const message = statusCode === 413 ? 'request body too large' : http.type === 'entity.parse.failed' ? `malformed JSON body: ${String(http.message)}` : firstLine(String(http.message));
      return { statusCode, error: reasonPhrase(statusCode), message };
    }
    return { statusCode: 500, error: reasonPhrase(500), message: 'internal error; the correlation id identifies it in the logs' };
  }
}

interface HealthResult {
  status: 'error' | 'shutting_down';
  details: Record<string, unknown>;
}

/** The body of @nestjs/terminus's 503 (a health check that is not ok), if that is what this is. */
function healthAnswer(exception: unknown): HealthResult | undefined {
  if (!(exception instanceof ServiceUnavailableException)) return undefined;
  const raw = exception.getResponse() as Partial<HealthResult> | string;
  if (typeof raw !== 'object' || raw === null) return undefined;
  if ((raw.status === 'error' || raw.status === 'shutting_down') && typeof raw.details === 'object' && raw.details !== null) return raw as HealthResult;
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 300);
}

const PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function reasonPhrase(status: number): string {
  return PHRASES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
