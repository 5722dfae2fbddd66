import { z } from 'zod';
import { DateTime } from 'luxon';
import { orderStates, type OrderContext, type OrderState } from '../../machines/types';
import type { Sla } from '../calendar/types';
import { PORTING_ZONE } from '../clock/clock';
import { documentFlagsSchema, orderKind } from './orderInput';

/**
 * The order as the API shows it (SPEC §5). Every object is built field by field from an allow-list,
 * never by spreading the stored order: a field added to the context later stays private until it
 * is added here, and the PIN (R12) can only ever appear as `pinOnFile`.
 */

const nullableText = z.string().nullable();
const dueDate = z.object({ at: z.string(), localDate: z.string() }).nullable();

export const orderViewSchema = z.object({
  id: z.string(),
  kind: orderKind,
  state: z.enum(orderStates),
  stateDetail: z.string(),
  version: z.number().int(),
  allowedEvents: z.array(z.string()),
  project: z.boolean(),
  projectId: nullableText,
  portType: z.enum(['auto', 'coordinated']),
  country: z.string(),
  serviceType: z.enum(['wireline', 'wireless']).nullable(),
  losingCarrier: z.string(),
  numbers: z.array(z.object({ number: z.string(), status: z.enum(['pending', 'ported', 'notReleased', 'excluded']) })),
  account: z.object({
    companyName: z.string(),
    authorizedApprover: z.string(),
    billingTelephoneNumber: nullableText,
    accountNumber: nullableText,
    pinOnFile: z.boolean(),
    serviceAddress: z.object({
      line1: z.string(),
      line2: nullableText,
      city: z.string(),
      region: nullableText,
      postalCode: z.string(),
      country: z.string(),
    }),
  }),
  remainingNumbers: z.enum(['keep', 'disconnect']).nullable(),
  newBillingTelephoneNumber: nullableText,
  priDisconnect: z.boolean(),
  requestedFocDate: nullableText,
  documents: documentFlagsSchema,
  contacts: z.array(z.object({ name: z.string(), email: z.string() })),
  customerReference: nullableText,
  focDate: nullableText,
  sameDayFoc: z.boolean(),
  atRisk: z.boolean(),
  schedule: z
    .object({
      startAt: z.string(),
      endAt: z.string(),
      /** startAt in America/Denver with its offset. */
      local: z.string(),
      offHours: z.boolean(),
      offHoursFee: z.boolean(),
      acknowledgeRisk: z.boolean(),
      warnings: z.array(z.string()),
      conferenceBridge: nullableText,
      inviteSequence: z.number().int(),
    })
    .nullable(),
  window: z.object({ releasedAt: z.string(), endsAt: z.string() }).nullable(),
  rejectionCount: z.number().int(),
  lastRejection: z
    .object({ reason: z.string(), code: nullableText, reasonCode: nullableText, hint: nullableText, fields: z.array(z.string()), at: z.string() })
    .nullable(),
  testResults: z.array(z.object({ number: z.string(), passed: z.boolean(), detail: nullableText })).nullable(),
  cancelReason: nullableText,
  /** The durable timers armed now (SPEC §3.6), each with the history `seq` of the transition that armed it. */
  armedTimers: z.array(z.object({ timer: z.string(), visit: z.number().int() })),
  sla: z.object({ responseDueBy: dueDate, completionTargetBy: dueDate, completionLatestBy: dueDate }),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type OrderView = z.infer<typeof orderViewSchema>;

export interface OrderViewArgs {
  context: OrderContext;
  /** The top-level state name of the snapshot (one of `orderStates`). */
  state: string;
  stateDetail: string;
  version: number;
  allowedEvents: string[];
  sla: Sla;
}

export function toOrderView({ context, state, stateDetail, version, allowedEvents, sla }: OrderViewArgs): OrderView {
  const { order, schedule, window, lastRejection, testResults } = context;
  const { account, documents } = order;
  const address = account.serviceAddress;
  return {
    id: context.id,
    kind: context.kind,
    state: asOrderState(state),
    stateDetail,
    version,
    allowedEvents,
    project: context.project,
    projectId: context.projectId,
    portType: context.portType,
    country: order.country ?? 'US',
    serviceType: order.serviceType ?? null,
    losingCarrier: order.losingCarrier,
    numbers: context.numbers.map(({ number, status }) => ({ number, status })),
    account: {
      companyName: account.companyName,
      authorizedApprover: account.authorizedApprover,
      billingTelephoneNumber: account.billingTelephoneNumber ?? null,
      accountNumber: account.accountNumber ?? null,
      pinOnFile: account.pinCiphertext != null,
      serviceAddress: {
        line1: address.line1,
        line2: address.line2 ?? null,
        city: address.city,
        region: address.region ?? null,
        postalCode: address.postalCode,
        country: address.country,
      },
    },
    remainingNumbers: order.remainingNumbers ?? null,
    newBillingTelephoneNumber: order.newBillingTelephoneNumber ?? null,
    priDisconnect: order.priDisconnect ?? false,
    requestedFocDate: order.requestedFocDate ?? null,
    documents: {
      csrRequested: documents.csrRequested,
      csrReceived: documents.csrReceived ?? false,
      billCopyOnFile: documents.billCopyOnFile,
      loaSigned: documents.loaSigned,
      invoiceOnFile: documents.invoiceOnFile,
      idOnFile: documents.idOnFile,
      portingCodeOnFile: documents.portingCodeOnFile,
    },
    contacts: order.contacts.map(({ name, email }) => ({ name, email })),
    customerReference: order.customerReference ?? null,
    focDate: context.focDate,
    sameDayFoc: context.sameDayFoc,
    atRisk: context.atRisk,
    schedule:
      schedule === null
        ? null
        : {
            startAt: schedule.startAt,
            endAt: schedule.endAt,
            local: denverTime(schedule.startAt),
            offHours: schedule.offHours,
            offHoursFee: schedule.offHoursFee,
            acknowledgeRisk: schedule.acknowledgeRisk,
            warnings: [...schedule.warnings],
            conferenceBridge: schedule.conferenceBridge,
            inviteSequence: context.inviteSequence,
          },
    window: window === null ? null : { releasedAt: window.releasedAt, endsAt: window.endsAt },
    rejectionCount: context.rejectionCount,
    lastRejection:
      lastRejection === null
        ? null
        : {
            reason: lastRejection.reason,
            code: lastRejection.code,
            reasonCode: lastRejection.reasonCode ?? null,
            hint: lastRejection.hint ?? null,
            fields: [...lastRejection.fields],
            at: lastRejection.at,
          },
    testResults:
      testResults === null ? null : testResults.map(({ number, passed, detail }) => ({ number, passed, detail: detail ?? null })),
    cancelReason: context.cancelReason,
    armedTimers: Object.entries(context.timers).map(([timer, visit]) => ({ timer, visit: visit as number })),
    sla: { responseDueBy: sla.responseDueBy, completionTargetBy: sla.completionTargetBy, completionLatestBy: sla.completionLatestBy },
    createdAt: context.createdAt,
    updatedAt: context.updatedAt,
  };
}

const knownStates: ReadonlySet<string> = new Set(orderStates);

/** A state the machines do not have is a bug upstream; showing it would break the API contract. */
function asOrderState(state: string): OrderState {
  if (!knownStates.has(state)) throw new Error(`toOrderView: unknown order state ${JSON.stringify(state)}`);
  return state as OrderState;
}

/** `2026-12-16T16:00:00Z` → `2026-12-16T09:00:00-07:00` (R14's porting zone). */
function denverTime(utcIso: string): string {
  return DateTime.fromISO(utcIso, { zone: 'utc' }).setZone(PORTING_ZONE).toISO({ suppressMilliseconds: true }) ?? utcIso;
}
