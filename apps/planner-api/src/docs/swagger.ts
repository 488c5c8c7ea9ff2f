import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** What the contract lets anyone call (section 4): no bearer token, stated as `security: []`. */
export const OPEN_PATHS = ['/health/live', '/health/ready', '/metrics'] as const;

/** OpenAPI at /docs (UI), /docs-json and /docs-yaml. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('imc-allocator planner API')
    .setDescription(
      'Review, approve and reject proposals of temporary inter-mission loans. Bearer tokens with roles viewer < planner < approver. ' +
        'Decisions and returns are answered 202 only after the Kafka broker acknowledged them. Topics and event payloads: /docs/asyncapi.yaml.',
    )
    .setVersion('1')
    // Relative: the API answers where this document was fetched from, whatever the host or proxy.
    .addServer('/', 'the planner-api that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a token of IMC_API_TOKENS' })
    .build();
  const document = openEndpointsWithoutSecurity(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}

/**
 * An operation without `security` says nothing about authentication; the open ones say "none"
 * explicitly, so that a generated client sends no token there and a linter sees a decision.
 */
export function openEndpointsWithoutSecurity(document: OpenAPIObject): OpenAPIObject {
  for (const path of OPEN_PATHS) {
    const item = document.paths[path];
    if (!item) continue;
    for (const method of ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const) {
      const operation = item[method];
      if (operation && operation.security === undefined) operation.security = [];
    }
  }
  return document;
}
