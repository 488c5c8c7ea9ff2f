import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

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
}
