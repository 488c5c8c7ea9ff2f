import { Equals, IsDefined, IsNotEmpty, IsObject, IsOptional, IsString } from 'class-validator';
import { IsInstant } from './validators';

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

  @IsInstant()
  time!: string;

  @IsOptional() @IsString()
  subject?: string;

  @IsOptional() @IsString()
  datacontenttype?: string;

  @IsDefined() @IsObject()
  data!: Record<string, unknown>;
}
