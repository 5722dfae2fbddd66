import type { FastifyInstance } from 'fastify';
import type { PortflowEngine } from '../../engine/types';
import { actorOf } from '../auth';
import { applyOptionsFrom, createHeadersSchema, type WriteHeaders } from '../writeHeaders';

const projectIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** SPEC §1.4: several accounts → one order each, linked by projectId. */
export function registerPortProjectRoutes(app: FastifyInstance, engine: PortflowEngine): void {
  app.post<{ Headers: WriteHeaders }>(
    '/v1/port-projects',
    {
      schema: { summary: 'Create a port project: one order per account', tags: ['port projects'], headers: createHeadersSchema },
      config: { access: 'write', docs: { body: 'ProjectInput', success: [201, 'ProjectView'], errors: [400, 409, 422] } },
    },
    async (request, reply) => {
      const project = await engine.createProject(request.body, actorOf(request), applyOptionsFrom(request.headers));
      return reply.code(201).header('location', `/v1/port-projects/${project.id}`).send(project);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/port-projects/:id',
    {
      schema: { summary: 'A project and its orders side by side', tags: ['port projects'], params: projectIdParams },
      config: { access: 'read', docs: { success: [200, 'ProjectView'], errors: [404] } },
    },
    async (request) => engine.getProject(request.params.id),
  );
}
