import { ArgumentMetadata } from '@nestjs/common';
import { ApiError } from '../../http/api-error';
import { createValidationPipe } from '../../http/validation.pipe';
import { LoansQueryDto } from '../../loans/dto/loans-query.dto';
import { ReturnRequestDto } from '../../loans/dto/return-request.dto';
import { whatIfRequest, WhatIfRequestDto } from '../../what-if/dto/what-if-request.dto';
import { DecisionRequestDto } from './decision-request.dto';
import { ProposalsQueryDto } from './proposals-query.dto';

const pipe = createValidationPipe();

async function validate(metatype: new () => object, value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<{ ok: true; value: unknown } | { ok: false; fields: string[] }> {
  try {
    return { ok: true, value: await pipe.transform(value, { type, metatype }) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, fields: (error.errors ?? []).map((e) => e.field) };
    throw error;
  }
}

describe('DecisionRequestDto', () => {
  it('accepts a decision with loans and an optional reason', async () => {
    expect(await validate(DecisionRequestDto, { decision: 'approved', loanIds: ['loan-a', 'loan-b'] })).toMatchObject({ ok: true });
    expect(await validate(DecisionRequestDto, { decision: 'rejected', loanIds: ['loan-a'], reason: 'donor needs them' })).toMatchObject({ ok: true });
  });

  it.each([
    ['no body', undefined, ['decision', 'loanIds']],
    ['an unknown decision', { decision: 'maybe', loanIds: ['a'] }, ['decision']],
    ['no loans', { decision: 'approved', loanIds: [] }, ['loanIds']],
    ['loans not an array', { decision: 'approved', loanIds: 'loan-a' }, ['loanIds']],
    ['a loan that is not a string', { decision: 'approved', loanIds: [7] }, ['loanIds']],
    ['an empty loan id', { decision: 'approved', loanIds: [''] }, ['loanIds']],
    ['the same loan twice', { decision: 'approved', loanIds: ['a', 'a'] }, ['loanIds']],
    ['a reason that is not text', { decision: 'approved', loanIds: ['a'], reason: 5 }, ['reason']],
    ['an unknown field', { decision: 'approved', loanIds: ['a'], reviewer: 'me' }, ['reviewer']],
    ['a version of its own', { decision: 'approved', loanIds: ['a'], version: 1 }, ['version']],
  ])('refuses %s, naming the field', async (_, body, fields) => {
    const result = await validate(DecisionRequestDto, body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fields.sort()).toEqual([...fields].sort());
  });
});

describe('ReturnRequestDto', () => {
  it('accepts an ISO 8601 time', async () => {
    expect(await validate(ReturnRequestDto, { returnedAt: '2011-06-30T00:00:00Z' })).toMatchObject({ ok: true });
  });

  it.each([
    ['no time', {}],
    ['not a date', { returnedAt: 'yesterday' }],
    ['an impossible date', { returnedAt: '2011-02-30T00:00:00Z' }],
    ['a number', { returnedAt: 1300000000 }],
    ['an extra field', { returnedAt: '2011-06-30T00:00:00Z', loanId: 'x' }],
    ['a time without a zone', { returnedAt: '2011-06-30T00:00:00' }],
  ])('refuses %s', async (_, body) => {
    expect((await validate(ReturnRequestDto, body)).ok).toBe(false);
  });
});

describe('WhatIfRequestDto', () => {
  it('accepts a list of objects (each event is checked later against the contract)', async () => {
    expect(await validate(WhatIfRequestDto, { events: [{ specversion: '1.0' }] })).toMatchObject({ ok: true });
    expect(await validate(WhatIfRequestDto, { events: [] })).toMatchObject({ ok: true });
  });

  it('refuses a missing list, non-objects and unknown fields', async () => {
    expect(await validate(WhatIfRequestDto, {})).toEqual({ ok: false, fields: ['events'] });
    expect(await validate(WhatIfRequestDto, { events: ['x'] })).toEqual({ ok: false, fields: ['events'] });
    expect(await validate(WhatIfRequestDto, { events: [], publish: true })).toEqual({ ok: false, fields: ['publish'] });
  });

  it('whatIfRequest gives the pipe\'s answers without copying the events (issue 26 item 4)', async () => {
    const fields = (body: unknown): string[] => {
      try {
        whatIfRequest(body);
        return [];
      } catch (error) {
        return ((error as ApiError).errors ?? []).map((e) => e.field);
      }
    };
    for (const body of [{}, { events: ['x'] }, { events: [], publish: true }, { events: 'x' }, { events: Array(1001).fill({}) }, null, [], 'text']) {
      const viaPipe = await validate(WhatIfRequestDto, body);
      expect([body, fields(body)]).toEqual([body, viaPipe.ok ? [] : viaPipe.fields]);
    }
    const events = [{ specversion: '1.0' }];
    expect(whatIfRequest({ events }).events).toBe(events);
  });
});

describe('query DTOs', () => {
  it('accept the contract values and refuse others', async () => {
    expect(await validate(ProposalsQueryDto, { status: 'pending', scope: 'global' }, 'query')).toMatchObject({ ok: true });
    expect(await validate(ProposalsQueryDto, { status: 'approved' }, 'query')).toEqual({ ok: false, fields: ['status'] });
    expect(await validate(ProposalsQueryDto, { limit: '20' }, 'query')).toEqual({ ok: true, value: expect.objectContaining({ limit: 20 }) });
    expect(await validate(ProposalsQueryDto, { limit: '0' }, 'query')).toEqual({ ok: false, fields: ['limit'] });
    expect(await validate(ProposalsQueryDto, { limit: 'ten' }, 'query')).toEqual({ ok: false, fields: ['limit'] });
    expect(await validate(LoansQueryDto, { status: 'overdue' }, 'query')).toMatchObject({ ok: true });
    expect(await validate(LoansQueryDto, { status: 'lost' }, 'query')).toEqual({ ok: false, fields: ['status'] });
  });
});
