import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { toJsonSchema } from '../../lib/json-schema.ts';
import { consoleMaySeeOrganization } from '../console/console-access.ts';
import { createOrganization } from './create-organization.ts';
import { findOrganizations } from './find-organizations.ts';
import { getOrganization } from './get-organization.ts';
import { presentOrganization } from './organizations.presenter.ts';
import { CreateOrganizationSchema } from './organizations.schemas.ts';

/** `/gz/v1/organizations`. */
export async function organizationRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const tags = ['Organizations'];
  app.get('/organizations', { schema: { tags, summary: 'List organisations' } }, async (request) => ({
    items: (await findOrganizations(ctx))
      .filter((o) => consoleMaySeeOrganization(request, o.id))
      .map(presentOrganization),
  }));
  app.post(
    '/organizations',
    { schema: { tags, summary: 'Create an organisation', body: toJsonSchema(CreateOrganizationSchema) } },
    async (request, reply) =>
      reply.code(201).send(presentOrganization(await createOrganization(ctx, request.body as never))),
  );
  app.get<{ Params: { id: string } }>(
    '/organizations/:id',
    { schema: { tags, summary: 'One organisation' } },
    async (request) => presentOrganization(await getOrganization(ctx, request.params.id)),
  );
}
