import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The error body and its field errors, kept together as one response shape.
export class FieldErrorDto {
  @ApiProperty({ example: 'loanIds' }) field!: string;
  @ApiProperty({ type: [String], example: ['loanIds must contain at least 1 elements'] }) messages!: string[];
}

/** The one error body of the API: no stack trace, ever. */
export class ErrorDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty({ example: 'proposal global:3 is superseded by global:4 and these loans are not in it: loan-1a2b3c4d5e6f' }) message!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'for 400: what is wrong with each field' }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ example: 'req-5d41402abc4b2a76b9719d911017c592', description: 'for a 503 on a write: the id of the event the write has; retry with the same Idempotency-Key to get it recorded once, or look for it (GET the proposal or the loan)' }) eventId?: string;
  @ApiProperty({ example: '6f1c2d0e-8d7b-4c1e-9a55-2f1f0b1c9d3e', description: 'the x-correlation-id of the request' }) correlationId!: string;
}
