import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isPublic } from '../auth/auth.guard';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { ReadModelService } from './read-model.service';

/** Until the read model has caught up, the API answers 503 rather than an empty or partial view (`@Public()` endpoints aside). */
@Injectable()
export class ReadModelLoadedGuard implements CanActivate {
  constructor(
    private readonly readModel: ReadModelService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublic(this.reflector, context)) return true;
    if (!this.readModel.loaded()) throw new ApiError(ApiErrorCode.Unavailable, 'the read model is still loading from Kafka; retry shortly');
    return true;
  }
}
