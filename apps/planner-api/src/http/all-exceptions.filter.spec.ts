import { ArgumentsHost, BadRequestException, InternalServerErrorException, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError, Outcome } from '../common/domain-error';
import { AllExceptionsFilter, OUTCOME_STATUS } from './all-exceptions.filter';
import { ApiError } from './api-error';
import { requestContext } from './request-context';

function respond(exception: unknown): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  const out = { status: 0, body: {} as Record<string, unknown>, headers: {} as Record<string, string> };
  const response = {
    headersSent: false,
    setHeader: (k: string, v: string) => (out.headers[k] = v),
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      out.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  requestContext.run({ correlationId: 'corr-1' }, () => new AllExceptionsFilter().catch(exception, host));
  return out;
}

describe('AllExceptionsFilter', () => {
  it('maps each typed error to its status, with the field errors and the correlation id', () => {
    expect(respond(ApiError.conflict('stale'))).toMatchObject({ status: 409, body: { statusCode: 409, error: 'Conflict', message: 'stale', correlationId: 'corr-1' } });
    expect(respond(ApiError.invalid('bad', [{ field: 'loanIds', messages: ['x'] }])).body.errors).toEqual([{ field: 'loanIds', messages: ['x'] }]);
    const unauthorized = respond(ApiError.unauthorized('no token'));
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['WWW-Authenticate']).toBe('Bearer');
  });

  it('maps a rule\'s DomainError by its outcome, as it does an ApiError of the same outcome', () => {
    expect(respond(DomainError.conflict('loan-1 is already approved'))).toMatchObject({ status: 409, body: { statusCode: 409, error: 'Conflict', message: 'loan-1 is already approved', correlationId: 'corr-1' } });
    expect(respond(DomainError.notFound('proposal p not found')).status).toBe(404);
    expect(respond(DomainError.invalid('bad', [{ field: 'returnedAt', messages: ['x'] }]))).toMatchObject({ status: 400, body: { errors: [{ field: 'returnedAt', messages: ['x'] }] } });
    for (const outcome of Object.values(Outcome)) expect(respond(new DomainError(outcome, 'm')).status).toBe(OUTCOME_STATUS[outcome]);
  });

  it('never sends a stack trace: an unexpected error is a plain 500', () => {
    const error = new Error('database password is hunter2');
    const { status, body } = respond(error);
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(JSON.stringify(body)).not.toContain('at ');
    expect(body.correlationId).toBe('corr-1');
  });

  it('passes on the body parser errors meant for the caller (413, 400) and Nest HTTP errors', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' });
    expect(respond(tooLarge)).toMatchObject({ status: 413, body: { message: 'request body too large' } });
    const unexposed = Object.assign(new Error('secret'), { status: 400, expose: false });
    expect(respond(unexposed).status).toBe(500);
    expect(respond(new BadRequestException('Unexpected token } in JSON at position 3'))).toMatchObject({ status: 400, body: { message: 'malformed JSON body: Unexpected token } in JSON at position 3' } });
    expect(respond(new NotFoundException('Cannot GET /v2')).status).toBe(404);
    expect(respond(new ThrottlerException()).status).toBe(429);
  });

  describe('what it logs', () => {
    let error: jest.SpyInstance;
    let warn: jest.SpyInstance;
    beforeEach(() => {
      error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    });
    afterEach(() => jest.restoreAllMocks());

    it('a readiness 503 is an answer: the checks go to the caller, no error line', () => {
      const result = { status: 'error', info: { kafka: { status: 'up' } }, error: { state: { status: 'down', message: 'loading state from Kafka' } }, details: { kafka: { status: 'up' }, state: { status: 'down', message: 'loading state from Kafka' } } };
      const { status, body } = respond(new ServiceUnavailableException(result));
      expect(status).toBe(503);
      expect(body).toEqual(result);
      expect(error).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    });

    it('an unexpected error is logged as unhandled, with its stack; a deliberate 5xx as a warning', () => {
      respond(new Error('boom'));
      expect(error).toHaveBeenCalledTimes(1);
      expect(error.mock.calls[0][0]).toMatchObject({ msg: 'unhandled error', error: 'boom', stack: expect.stringContaining('Error: boom') });
      const deliberate = respond(new InternalServerErrorException('the solver gave up'));
      expect(deliberate.status).toBe(500);
      expect(error).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatchObject({ status: 500, error: 'the solver gave up' });
      expect(JSON.stringify(warn.mock.calls[0][0])).not.toContain('stack');
    });
  });
});
