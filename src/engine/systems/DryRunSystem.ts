import { missingForSubmission } from '../../../machines/shared/submissionChecklist';
import type { Sla } from '../../calendar/types';
import { PORTING_ZONE } from '../../clock/clock';
import { isProject, portTypeFor } from '../../orders/derive';
import { issue, type ValidationIssue } from '../../orders/issues';
import type { OrderInput, OrderKind } from '../../orders/orderInput';
import { sealOrder } from '../../orders/sealOrder';
import { checkOrderInput } from '../../orders/validateOrder';
import type { EngineContext } from './EngineContext';

/** One problem the dry run found, and what it would stop: the create itself, or the later SUBMIT. */
export interface DryRunIssue extends ValidationIssue {
  blocks: 'create' | 'submit';
}

/** R65's answer. `derived` is null when the input does not even have an order's shape. */
export interface DryRunAnswer {
  valid: boolean;
  issues: DryRunIssue[];
  derived: { kind: OrderKind; project: boolean; portType: 'auto' | 'coordinated'; sla: Sla } | null;
}

/** The dry run writes no order, so nothing names one: the sealed PIN only tells R25 that a PIN is on file. */
const DRY_RUN_ORDER_ID = 'po_dry_run';

/**
 * R65: every create check (R1–R11) and the SUBMIT checklist (R25) on an input, without writing
 * anything — the only store access is one HMGET on the number index. The SLA is the one the order
 * would get if it were submitted now.
 */
export class DryRunSystem {
  constructor(private readonly ctx: EngineContext) {}

  async validate(input: unknown): Promise<DryRunAnswer> {
    const now = await this.ctx.now();
    const today = now.setZone(PORTING_ZONE).toISODate()!;
    const checked = checkOrderInput(input, { today, calendar: this.ctx.calendar });
    const createIssues: DryRunIssue[] = checked.issues.map((found) => ({ ...found, blocks: 'create' }));
    const order = checked.order;
    if (order === null) return { valid: false, issues: createIssues, derived: null };

    createIssues.push(...(await this.numbersInActiveOrders(order)));
    const flagged = new Set(createIssues.map((found) => found.path));
    const submitIssues = missingForSubmission(order.kind, sealOrder(order, this.ctx.pins, null, DRY_RUN_ORDER_ID), today)
      .filter((path) => !flagged.has(path))
      .map((path) => ({ ...issue(path, 'submission_incomplete', 'must be on file before the order can be submitted (R25)'), blocks: 'submit' as const }));

    const issues = [...createIssues, ...submitIssues];
    const project = isProject(order.kind, order.numbers);
    const sla = this.ctx.calendar.sla({
      kind: order.kind,
      project,
      country: order.country ?? 'US',
      submittedAt: now.toUTC().toISO()!,
      requestedFocDate: order.requestedFocDate ?? null,
      releasedAt: null,
    });
    return {
      valid: issues.length === 0,
      issues,
      derived: { kind: order.kind, project, portType: portTypeFor(order, this.ctx.config.AUTO_PORT_REGIONS), sla },
    };
  }

  /** R11, read-only: the create's commit would refuse these numbers. */
  private async numbersInActiveOrders(order: OrderInput): Promise<DryRunIssue[]> {
    const owners = await this.ctx.store.numberOwners(order.numbers);
    return owners.flatMap((owner, i) =>
      owner === null
        ? []
        : [{ ...issue(`numbers[${i}]`, 'number_in_active_order', `belongs to order ${owner}, which is not final`), blocks: 'create' as const }],
    );
  }
}
