import { ApiProperty } from '@nestjs/swagger';
import { cloudEvent } from '@imc/contracts';
import { ArrayMaxSize, IsArray, IsObject, validateSync } from 'class-validator';
import { ApiError } from '../../http/api-error';
import { fieldErrors } from '../../http/validation.pipe';

/** Body of POST /v1/what-if: CloudEvents to add, in order, to a copy of the current state. */
export class WhatIfRequestDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'CloudEvents as on the input topics (1.0, structured JSON); each is checked like a Kafka input',
    example: [
      cloudEvent({
        id: 'what-if-1',
        source: '/planner',
        type: 'imc.demand.raised',
        time: '2011-01-10T00:00:00Z',
        data: { demandId: 'extra-helos', missionId: 'UNOCI', capability: 'utility-helicopter', quantity: 2, window: { start: '2011-02-01T00:00:00Z', end: '2011-05-01T00:00:00Z' }, priority: 8, version: 1 },
      }),
    ],
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  events!: Record<string, unknown>[];
}

/**
 * The body checked as the global validation pipe checks a DTO (the same rules and messages), but
 * without class-transformer, which copies every event field by field: a third of a second for a
 * thousand events, on the event loop, per request. The events are checked against the contract
 * on the worker that plans them.
 */
export function whatIfRequest(body: unknown): WhatIfRequestDto {
  const request = Object.assign(new WhatIfRequestDto(), body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {});
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const list = fieldErrors(errors);
    throw ApiError.invalid(`invalid request: ${list.map((e) => e.field).join(', ') || 'body'}`, list);
  }
  return request;
}
