import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class ProposalsQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'superseded'] })
  @IsOptional()
  @IsIn(['pending', 'superseded'])
  status?: 'pending' | 'superseded';

  @ApiPropertyOptional({ example: 'global' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  scope?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000, description: 'at most this many, newest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
