import { DateTime } from 'luxon';
import { z } from 'zod';
import { PORTING_ZONE } from '../../src/clock/clock';
import { apiEventSchema } from '../../src/orders/events';
import { html, type Html } from '../html';

/**
 * The allowed events of an order as HTML forms, generated from the same zod schemas the API validates
 * with (src/orders/events.ts): a field per payload property, typed by its JSON Schema. A form is checked
 * with that schema before it is sent, so a person reads the same errors, in words, next to the field.
 */

type JsonSchema = { type?: string | string[]; format?: string; pattern?: string; items?: JsonSchema; anyOf?: JsonSchema[]; maxLength?: number };

type FieldKind = 'instant' | 'date' | 'boolean' | 'text' | 'longText' | 'list' | 'json';

interface FormField {
  name: string;
  kind: FieldKind;
  required: boolean;
  maxLength?: number;
}

/** A payload with more fields than this (UPDATE: any order field) is edited as one JSON object. */
const MAX_FIELDS = 6;
const LONG_TEXT = 200;

const eventSchemas = new Map(apiEventSchema.options.map((option) => [option.shape.type.value as string, option as z.ZodType]));

function withoutNull(schema: JsonSchema): JsonSchema {
  const variants = schema.anyOf?.filter((variant) => variant.type !== 'null');
  if (variants?.length === 1) return variants[0];
  if (Array.isArray(schema.type)) return { ...schema, type: schema.type.filter((type) => type !== 'null')[0] };
  return schema;
}

function kindOf(schema: JsonSchema): FieldKind {
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'array' && schema.items?.type === 'string') return 'list';
  if (schema.type !== 'string') return 'json';
  if (schema.format === 'date-time') return 'instant';
  if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return 'date';
  return (schema.maxLength ?? Infinity) > LONG_TEXT ? 'longText' : 'text';
}

/** The form fields of one event type, or null when the API does not know the type. */
export function eventFields(type: string): FormField[] | null {
  const schema = eventSchemas.get(type);
  if (!schema) return null;
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as { properties: Record<string, JsonSchema>; required?: string[] };
  const names = Object.keys(json.properties).filter((name) => name !== 'type');
  if (names.length > MAX_FIELDS) return [{ name: '_json', kind: 'json', required: true }];
  return names.map((name) => {
    const property = withoutNull(json.properties[name]);
    return { name, kind: kindOf(property), required: json.required?.includes(name) ?? false, maxLength: property.maxLength };
  });
}

/** What a person typed, by field name (form bodies are flat strings). */
export type FormValues = Record<string, string | undefined>;

/** A datetime-local value is a wall-clock time in Mountain Time; the API wants an instant with its offset. */
export function mountainInstant(local: string): string {
  const at = DateTime.fromISO(local, { zone: PORTING_ZONE });
  return at.isValid ? (at.toISO({ suppressMilliseconds: true }) ?? local) : local;
}

export function mountainLocal(instant: string): string {
  const at = DateTime.fromISO(instant, { zone: 'utc' });
  return at.isValid ? at.setZone(PORTING_ZONE).toFormat("yyyy-LL-dd'T'HH:mm") : '';
}

export type ParsedEvent = { ok: true; event: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** The event a form describes, checked by the API's own schema; errors keyed by field, in words. */
export function parseEventForm(type: string, values: FormValues): ParsedEvent {
  const fields = eventFields(type);
  if (!fields) return { ok: false, errors: { _form: `${type} is not an event the API knows` } };
  const errors: Record<string, string> = {};
  let event: Record<string, unknown> = { type };
  for (const field of fields) {
    const raw = values[field.name]?.trim() ?? '';
    if (field.kind === 'boolean') {
      if (values[field.name] === 'on') event[field.name] = true;
      continue;
    }
    if (raw === '') continue;
    if (field.kind === 'instant') event[field.name] = mountainInstant(raw);
    else if (field.kind === 'list') event[field.name] = raw.split(/[\s,]+/).filter(Boolean);
    else if (field.kind === 'json') {
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (field.name === '_json') event = { ...(parsed as Record<string, unknown>), type };
        else event[field.name] = parsed;
      } catch {
        errors[field.name] = 'is not valid JSON';
      }
    } else event[field.name] = raw;
  }
  const checked = eventSchemas.get(type)!.safeParse(event);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const field = fields.length === 1 && fields[0].name === '_json' ? '_json' : String(issue.path[0] ?? '_form');
      errors[field] ??= field === '_json' ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, event: checked.data as Record<string, unknown> };
}

const labels: Record<string, string> = {
  startAt: 'Port start (Mountain Time)',
  offHours: 'Off-hours port (fee applies; 48 h notice)',
  acknowledgeRisk: 'Acknowledge the Friday-late risk',
  conferenceBridge: 'Conference bridge (https URL or dial string)',
  focDate: 'FOC date',
  releasedAt: 'Released at (Mountain Time; empty = now)',
  confirmedBy: 'Confirmed by',
  notReleased: 'Numbers not released (one per line)',
  numbers: 'Numbers (one per line)',
  results: 'Results (JSON: [{"number":"+1…","passed":true}])',
  fields: 'Fields at fault (one per line)',
  code: 'Carrier reject code',
  _json: 'Changes (JSON object of order fields)',
};

function labelOf(name: string): string {
  return labels[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
}

function input(type: string, field: FormField, value: string, describedBy: string): Html {
  const id = `${type}-${field.name}`;
  const common = html`id="${id}" name="${field.name}"${field.required ? ' required' : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${field.maxLength ? html` maxlength="${field.maxLength}"` : ''}`;
  switch (field.kind) {
    case 'instant':
      return html`<input type="datetime-local" step="900" ${common} value="${value}">`;
    case 'date':
      return html`<input type="date" ${common} value="${value}">`;
    case 'boolean':
      return html`<input type="checkbox" ${common}${value === 'on' ? ' checked' : ''}>`;
    case 'text':
      return html`<input type="text" ${common} value="${value}">`;
    default:
      return html`<textarea ${common} rows="${field.kind === 'json' ? 6 : 3}">${value}</textarea>`;
  }
}

export interface EventFormState {
  values: FormValues;
  errors: Record<string, string>;
  /** An API refusal, in words. */
  refusal: string | null;
  open: boolean;
}

/** One event's form; SCHEDULE and RESCHEDULE carry the live calendar check (console.js). */
export function eventForm(orderId: string, csrfToken: string, type: string, state: EventFormState, checkResult: Html | null): Html {
  const fields = eventFields(type) ?? [];
  const scheduling = type === 'SCHEDULE' || type === 'RESCHEDULE';
  const rows = fields.map((field) => {
    const id = `${type}-${field.name}`;
    const error = state.errors[field.name];
    const describedBy = error ? `${id}-error` : '';
    const control = input(type, field, state.values[field.name] ?? '', describedBy);
    const message = error ? html`<span class="field-error" id="${id}-error">${labelOf(field.name)} ${error}</span>` : '';
    return field.kind === 'boolean'
      ? html`<div class="field check">${control}<label for="${id}">${labelOf(field.name)}</label>${message}</div>`
      : html`<div class="field"><label for="${id}">${labelOf(field.name)}${field.required ? '' : html` <span class="hint">(optional)</span>`}</label>${control}${message}</div>`;
  });
  return html`<details class="event-form" id="act-${type}"${state.open ? ' open' : ''}>
<summary>${type}</summary>
<form method="post" action="/console/orders/${orderId}/events"${scheduling ? html` data-live-check="/console/orders/${orderId}/check"` : ''}>
  <input type="hidden" name="_csrf" value="${csrfToken}">
  <input type="hidden" name="type" value="${type}">
  ${state.refusal ? html`<p class="error" role="alert">${state.refusal}</p>` : ''}
  ${state.errors._form ? html`<p class="error" role="alert">${state.errors._form}</p>` : ''}
  ${rows}
  ${scheduling ? html`<div class="check-result" role="status" aria-live="polite" data-check-result>${checkResult ?? html`<span class="hint">Pick a time to see the calendar check.</span>`}</div>` : ''}
  <button type="submit" name="intent" value="send">Send ${type}</button>
  ${scheduling ? html` <button type="submit" class="secondary" name="intent" value="check">Check the calendar</button>` : ''}
</form>
</details>`;
}
