/**
 * What went wrong, named by its outcome rather than by an HTTP status: the exception filter is the
 * one place that maps an outcome to a status (all-exceptions.filter.ts).
 */
export enum Outcome {
  Invalid = 'invalid',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  Conflict = 'conflict',
  KeyReused = 'key-reused',
  Busy = 'busy',
  Unavailable = 'unavailable',
}

export interface FieldError {
  field: string;
  messages: string[];
}

/** A refusal by a rule of the planner (STYLE.md habit 6): its outcome, the message, and for Invalid what is wrong with each field. */
export class DomainError extends Error {
  constructor(
    readonly code: Outcome,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(message: string, errors?: FieldError[]): DomainError {
    return new DomainError(Outcome.Invalid, message, errors);
  }

  static notFound(message: string): DomainError {
    return new DomainError(Outcome.NotFound, message);
  }

  static conflict(message: string): DomainError {
    return new DomainError(Outcome.Conflict, message);
  }
}
