import { CanActivate, Injectable } from '@nestjs/common';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { ReadModelService } from './read-model.service';

/** Until the read model has caught up, the API answers 503 rather than an empty or partial view. */
@Injectable()
export class ReadModelLoadedGuard implements CanActivate {
  constructor(private readonly readModel: ReadModelService) {}

  canActivate(): boolean {
    if (!this.readModel.loaded()) throw new ApiError(ApiErrorCode.Unavailable, 'the read model is still loading from Kafka; retry shortly');
    return true;
  }
}
