import { Equals, IsDefined, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString } from 'class-validator';
import { IsZonedInstant } from './validators';

/** CloudEvents 1.0 structured JSON envelope; `data` is validated separately, per type. */
export class CloudEventEnvelope {
  @Equals('1.0')
  specversion!: '1.0';

  @IsString() @IsNotEmpty()
  id!: string;

  @IsString() @IsNotEmpty()
  source!: string;

  @IsString() @IsNotEmpty()
  type!: string;

  @IsISO8601({ strict: true }) @IsZonedInstant()
  time!: string;

  @IsOptional() @IsString()
  subject?: string;

  @IsOptional() @IsString()
  datacontenttype?: string;

  @IsDefined() @IsObject()
  data!: Record<string, unknown>;
}
