import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../http/public.decorator';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Prometheus text exposition of the service's registry. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @ApiOperation({ summary: 'Prometheus metrics', description: 'The text exposition format 0.0.4; no token needed. The metrics and the alerts on them: docs/operations.md.' })
  @ApiOkResponse({ description: 'every metric of the service, in the Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
