import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';

/** The bounds of a stress test request (docs/getting-started.md, "Before the next crisis"). */
export const STRESS_REQUEST_LIMITS = { samples: 100_000, seed: 2_147_483_647, horizonDays: 365 } as const;

/** Body of POST /v1/stress-tests. `model` is checked field by field by the crisis model's own rules. */
export class StressTestRequestDto {
  @ApiProperty({ minimum: 1, maximum: STRESS_REQUEST_LIMITS.samples, example: 1000, description: 'hypothetical futures to sample and plan' })
  @IsInt()
  @Min(1)
  @Max(STRESS_REQUEST_LIMITS.samples)
  samples!: number;

  @ApiProperty({ minimum: 0, maximum: STRESS_REQUEST_LIMITS.seed, example: 2012, description: 'the same seed on the same world gives the same report' })
  @IsInt()
  @Min(0)
  @Max(STRESS_REQUEST_LIMITS.seed)
  seed!: number;

  // No `default:` here: openapi-typescript makes a property with a default required, also in a request.
  @ApiPropertyOptional({ minimum: 1, maximum: STRESS_REQUEST_LIMITS.horizonDays, description: 'days ahead within which sampled crises start; 90 when absent' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(STRESS_REQUEST_LIMITS.horizonDays)
  horizonDays?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'overrides of the default crisis model; each field given replaces the default one whole: crisesPer90Days (0..20), kinds [{kind, weight, scheduled, requirements [{capability, min, max, priority, allowCaution?}]}], severity {min, max}, durationDays {min, max}, missions [ids]',
    example: { crisesPer90Days: 4, severity: { min: 4, max: 5 } },
  })
  @IsOptional()
  @IsObject()
  model?: Record<string, unknown>;
}
