import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ApiModule } from './entry/api/api.module';
import { API_VERSION } from './platform/http/api-contract';

const SERVER = '/api/v1';

/** `ApplicationsController`, `submit` → `applicationsSubmit`: the names a generated client gets. */
function operationId(controller: string, method: string): string {
  const resource = controller.replace(/Controller$/, '');
  return resource[0].toLowerCase() + resource.slice(1) + method[0].toUpperCase() + method.slice(1);
}

/**
 * The OpenAPI document of the JSON API, built from the controllers' decorators and the DTO
 * and response classes (nothing is written beside the code). Paths are relative to the one
 * server, `/api/v1`; the web pages, health and metrics are not part of it.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Vakvoucher API')
    .setDescription(
      'Training vouchers: apply, review, grant, complete; reports, milestones and webhooks for the systems of ' +
        'funds and provinces. Errors are RFC 9457 problem+json with a stable `code`. Every answer carries ' +
        '`API-Version`.',
    )
    .setVersion(API_VERSION)
    // Who answers a developer's questions; a deployment puts its own team here.
    .setContact('Vakvoucher team', 'https://vakvoucher.example.nl/api/docs', 'api@vakvoucher.example.nl')
    .addServer(SERVER, 'This host')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    include: [ApiModule],
    operationIdFactory: operationId,
  });
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith(`${SERVER}/`)) paths[path.slice(SERVER.length)] = item;
  }
  return { ...document, paths };
}
