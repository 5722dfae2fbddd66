import { eventFields, mountainInstant, parseEventForm } from '../../console/forms/eventForms';
import { html } from '../../console/html';
import { machineGraph } from '../../console/machine/machineGraph';
import { machines } from '../machines/fixtures';

/** R66: the console's forms come from the API's event schemas; its diagram from the machine definitions. */

it("R66: event forms are generated from the API's schemas (SCHEDULE: a Mountain Time start, two flags, a bridge)", () => {
  expect(eventFields('SCHEDULE')).toEqual([
    { name: 'startAt', kind: 'instant', required: true, maxLength: undefined },
    { name: 'offHours', kind: 'boolean', required: false, maxLength: undefined },
    { name: 'acknowledgeRisk', kind: 'boolean', required: false, maxLength: undefined },
    { name: 'conferenceBridge', kind: 'longText', required: false, maxLength: 500 },
  ]);
  expect(eventFields('CONFIRM_FOC')).toEqual([{ name: 'focDate', kind: 'date', required: true, maxLength: undefined }]);
  expect(eventFields('UPDATE')).toEqual([{ name: '_json', kind: 'json', required: true }]);
  expect(eventFields('TIMER')).toBeNull();
});

it('R66: a datetime-local value is read as Mountain Time, with the DST offset of that day', () => {
  expect(mountainInstant('2026-12-08T10:00')).toBe('2026-12-08T10:00:00-07:00');
  expect(mountainInstant('2027-07-06T10:00')).toBe('2027-07-06T10:00:00-06:00');
});

it("R66: a form is checked with the API's schema and its errors come back in words, by field", () => {
  expect(parseEventForm('SCHEDULE', { startAt: '2026-12-08T10:00', offHours: 'on' })).toEqual({
    ok: true,
    event: { type: 'SCHEDULE', startAt: '2026-12-08T10:00:00-07:00', offHours: true },
  });
  expect(parseEventForm('CANCEL', {})).toEqual({ ok: false, errors: { reason: expect.any(String) } });
  expect(parseEventForm('NUMBERS_RELEASED', { numbers: '+13035550100\nnot-a-number' })).toEqual({
    ok: false,
    errors: { numbers: 'expected an E.164 number, e.g. +13034561234' },
  });
  expect(parseEventForm('UPDATE', { _json: '{"customerReference": 5}' })).toMatchObject({ ok: false, errors: { _json: expect.stringContaining('customerReference') } });
  expect(parseEventForm('UPDATE', { _json: '{' })).toEqual({ ok: false, errors: { _json: 'is not valid JSON' } });
});

it("R66: a page cannot be injected by an order's content (every interpolation is escaped)", () => {
  const company = '<script>alert("x")</script> & Sons';
  expect(String(html`<td>${company}</td><a title="${`" onmouseover="x`}">`)).toBe(
    '<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons</td><a title="&quot; onmouseover=&quot;x">',
  );
});

it('R66: the diagram is read from the machine definition: every state, and the arrows that change state', () => {
  const graph = machineGraph(machines.tollFree);
  expect(graph.initial).toBe('draft');
  expect(graph.states.map((state) => state.name)).toEqual(Object.keys(machines.tollFree.root.states));
  expect(graph.states.filter((state) => state.final).map((state) => state.name).sort()).toEqual(['cancelled', 'completed', 'dropped']);
  expect(graph.edges).toContainEqual({ from: 'submitted', to: 'released', events: ['RELEASE'] });
  expect(graph.edges.find((edge) => edge.to === 'dropped')?.events).toEqual(['TIMER']);
  expect(graph.edges.some((edge) => edge.from === edge.to)).toBe(false);
});
