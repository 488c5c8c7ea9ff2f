import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@imc/platform';
import { ApiError } from '../http/api-error';
import { loadAsyncApiDocument } from './asyncapi.document';

/** The AsyncAPI document of the topics and event payloads, as kept in docs/asyncapi.yaml. */
@Public()
@ApiExcludeController()
@Controller('docs')
export class AsyncApiController {
  private readonly document = loadAsyncApiDocument();

  @Get('asyncapi.yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  asyncapi(): string {
    if (this.document === undefined) throw ApiError.notFound('docs/asyncapi.yaml is not deployed with this build');
    return this.document;
  }
}
