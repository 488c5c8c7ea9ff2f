import { ApiProperty } from '@nestjs/swagger';
import { cloudEvent } from '@imc/contracts';
import { ArrayMaxSize, IsArray, IsObject } from 'class-validator';

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
