// OpenAPI document generated from the contracts, with a docs UI at /docs.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Profile Console — local Profile service',
        description:
          "Adobe Experience Platform's Profile API and the Catalog, batch ingestion, identity and sandbox subset it depends on, at AEP's paths and JSON shapes. Every request needs x-gw-ims-org-id and (for sandbox-scoped paths) x-sandbox-name.",
        version,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
