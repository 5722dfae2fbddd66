import type { DateTime } from 'luxon';
import { PORTING_ZONE } from '../../clock/clock';
import { NotFoundError } from '../../errors/NotFoundError';
import { ValidationError } from '../../errors/ValidationError';
import { enoughIssues, type ValidationIssue } from '../../orders/issues';
import type { OrderInput } from '../../orders/orderInput';
import { validateOrderInput } from '../../orders/validateOrder';
import { expandProject } from '../projects';
import type { Actor, ApplyOptions, OrderView, ProjectView } from '../types';
import type { EngineContext } from './EngineContext';
import { IDEMPOTENCY_TTL_SECONDS, idempotentRequest, recordOf, replayOf } from './idempotency';
import type { OrderReadSystem } from './OrderReadSystem';
import type { OrderWriteSystem } from './OrderWriteSystem';

/** Port projects (SPEC §1.4): several account blocks → one order each, linked by projectId. */
export class ProjectSystem {
  constructor(
    private readonly ctx: EngineContext,
    private readonly writes: OrderWriteSystem,
    private readonly reads: OrderReadSystem,
  ) {}

  async createProject(input: unknown, actor: Actor, options: ApplyOptions = {}): Promise<ProjectView> {
    const idempotency = idempotentRequest(actor, options.idempotencyKey, 'create-project', '', input);
    const replay = await replayOf(this.ctx.store, idempotency);
    if (replay) return replay as ProjectView;
    const now = await this.ctx.now();
    const orders = this.validateProjectOrders(expandProject(input), now);
    // The orders are created one commit each: the key is taken first, so a racing twin waits instead of creating a second project.
    if (idempotency && !(await this.ctx.store.claimIdempotent(idempotency.recordKey, recordOf(idempotency, ''), IDEMPOTENCY_TTL_SECONDS))) {
      return (await replayOf(this.ctx.store, idempotency)) as ProjectView;
    }
    try {
      const project = await this.ctx.store.createProject(now.toISO()!);
      const created: OrderView[] = [];
      for (const order of orders) created.push(await this.writes.insertOrder(order, project.id, actor, now));
      const view: ProjectView = { id: project.id, createdAt: project.createdAt, orders: created };
      if (idempotency) await this.ctx.store.rememberIdempotent(idempotency.recordKey, recordOf(idempotency, JSON.stringify(view)), IDEMPOTENCY_TTL_SECONDS);
      return view;
    } catch (error) {
      if (idempotency) await this.ctx.store.releaseIdempotent(idempotency.recordKey);
      throw error;
    }
  }

  async getProject(projectId: string): Promise<ProjectView> {
    const project = await this.ctx.store.loadProject(projectId);
    if (!project) throw new NotFoundError('project', projectId);
    const orders = await Promise.all(project.orderIds.map((id) => this.reads.getOrder(id)));
    return { id: project.id, createdAt: project.createdAt, orders };
  }

  /**
   * Every account block is validated before any order is created, and every problem is reported
   * (under `accounts[i].…`), including a number that two blocks claim: the orders are created one
   * commit each, so a refusal found halfway would leave a partial project behind.
   */
  private validateProjectOrders(blocks: unknown[], now: DateTime): OrderInput[] {
    const orders: OrderInput[] = [];
    const issues: ValidationIssue[] = [];
    const firstClaim = new Map<string, number>();
    blocks.forEach((block, index) => {
      if (enoughIssues(issues)) return; // R50: an answer shows no more; the remaining blocks cost nothing
      const result = validateOrderInput(block, { today: now.setZone(PORTING_ZONE).toISODate()!, calendar: this.ctx.calendar });
      if (!result.ok) {
        issues.push(...result.issues.map((issue) => ({ ...issue, path: `accounts[${index}].${issue.path}` })));
        return;
      }
      result.value.numbers.forEach((number, position) => {
        const claimedBy = firstClaim.get(number);
        if (claimedBy === undefined) firstClaim.set(number, index);
        else issues.push({ path: `accounts[${index}].numbers[${position}]`, code: 'duplicate_number', message: `is also in accounts[${claimedBy}]` });
      });
      orders.push(result.value);
    });
    if (issues.length > 0) throw new ValidationError(issues);
    return orders;
  }
}
