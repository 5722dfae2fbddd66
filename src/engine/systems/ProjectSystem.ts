import type { DateTime } from 'luxon';
import { PORTING_ZONE } from '../../clock/clock';
import { NotFoundError } from '../../errors/NotFoundError';
import { NumberInActiveOrderError } from '../../errors/NumberInActiveOrderError';
import { ValidationError } from '../../errors/ValidationError';
import { enoughIssues, type ValidationIssue } from '../../orders/issues';
import type { OrderInput } from '../../orders/orderInput';
import { newProjectId } from '../../orders/ids';
import { validateOrderInput } from '../../orders/validateOrder';
import { expandProject } from '../projects';
import type { Actor, ApplyOptions, ProjectView } from '../types';
import type { EngineContext } from './EngineContext';
import { answerFrom, commitRecordOf, idempotentRequest, replayOf } from './idempotency';
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
    const project = { id: newProjectId(), createdAt: now.toISO()! };
    const creates = orders.map((order) => this.writes.planInsert(order, project.id, actor, now));
    const view: ProjectView = { ...project, orders: creates.map((create) => create.view) };
    // R47: all of it in one atomic commit, or nothing (a refusal leaves no order, project or number claim).
    const committed = await this.ctx.store.commitProject(
      project,
      creates.map((create) => create.request),
      commitRecordOf(idempotency, view),
    );
    if (committed.ok) {
      for (const order of orders) this.ctx.metrics.transition(order.kind, 'CREATE', 'accepted');
      return view;
    }
    // A twin request with the same Idempotency-Key committed first: its project is the answer.
    if (committed.reason === 'idempotent_replay') return answerFrom(idempotency!, committed.response) as ProjectView;
    throw new NumberInActiveOrderError(committed.number, committed.orderId);
  }

  async getProject(projectId: string): Promise<ProjectView> {
    const project = await this.ctx.store.loadProject(projectId);
    if (!project) throw new NotFoundError('project', projectId);
    const orders = await Promise.all(project.orderIds.map((id) => this.reads.getOrder(id)));
    return { id: project.id, createdAt: project.createdAt, orders };
  }

  /**
   * Every account block is validated before anything is written, and every problem is reported
   * (under `accounts[i].…`), including a number that two blocks claim.
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
