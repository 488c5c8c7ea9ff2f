import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CurrentQueryDto {
  @ApiPropertyOptional({ example: 'global', description: 'default: global if it has a proposal, else the newest scope' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  scope?: string;
}
