import type { FastifyInstance } from 'fastify';
import type { DryRunSystem } from '../../engine/systems/DryRunSystem';

/** R65: `POST /v1/port-orders/validate`, the dry run of a create. */
export function registerOrderValidationRoute(app: FastifyInstance, dryRun: DryRunSystem): void {
  app.post(
    '/v1/port-orders/validate',
    {
      schema: {
        operationId: 'validatePortOrder',
        summary: 'Dry run: every create check (R1–R11) and the SUBMIT checklist (R25), writing nothing',
        description:
          'Answers 200 whether the input is valid or not: `valid`, the issues (each says whether it blocks the create or the later SUBMIT) and what the order would derive.',
        tags: ['port orders'],
      },
      // It writes nothing, like the calendar check: a viewer may ask too.
      config: { access: 'read', docs: { body: 'OrderInput', success: [200, 'DryRunAnswer'], errors: [400] } },
    },
    async (request) => dryRun.validate(request.body),
  );
}
