import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI at /docs (UI), /docs-json and /docs-yaml. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('imc-allocator planner API')
    .setDescription(
      'Review, approve and reject proposals of temporary inter-mission loans. Bearer tokens with roles viewer < planner < approver. ' +
        'Decisions and returns are answered 202 only after the Kafka broker acknowledged them. Topics and event payloads: /docs/asyncapi.yaml.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a token of IMC_API_TOKENS' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
