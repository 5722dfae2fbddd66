import { orderStates } from '../../machines/types';
import type { ConsoleSession } from '../../src/api';
import type { OrderCounts } from '../../src/engine/types';
import { orderKinds } from '../../src/orders/orderInput';
import type { OrderView } from '../../src/orders/view';
import { ConsoleApi, required } from '../ConsoleApi';
import { calendarDay, kindWords, mountain, stateWords } from '../format';
import { html, type Html } from '../html';
import { page } from './layout';

/** The list filters of SPEC §5 and R62; a filter is offered only when the API's list operation has it. */
export const boardFilters = ['state', 'kind', 'number', 'customerReference', 'q', 'needsAttention', 'cursor'] as const;
export type BoardQuery = Partial<Record<(typeof boardFilters)[number], string>>;

const PAGE_SIZE = 50;

export interface Board {
  counts: OrderCounts;
  items: OrderView[];
  nextCursor: string | null;
  /** The filters the API has (R62 arrives with the desk routes). */
  supported: ReadonlySet<string>;
}

export async function loadBoard(api: ConsoleApi, query: BoardQuery, supported: ReadonlySet<string>): Promise<Board> {
  const list = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const name of boardFilters) {
    const value = query[name];
    if (value && supported.has(name)) list.set(name, value);
  }
  const [counts, orders] = await Promise.all([
    api.get<OrderCounts>(`/v1/port-orders/counts${query.kind && supported.has('kind') ? `?kind=${encodeURIComponent(query.kind)}` : ''}`),
    api.get<{ items: OrderView[]; nextCursor: string | null }>(`/v1/port-orders?${list}`),
  ]);
  const pageOf = required(orders);
  return { counts: required(counts), items: pageOf.items, nextCursor: pageOf.nextCursor, supported };
}

function withQuery(query: BoardQuery, changes: BoardQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...query, ...changes })) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `/console?${text}` : '/console';
}

function stateTabs(board: Board, query: BoardQuery): Html {
  const tab = (state: string | undefined, label: string, count: number) =>
    html`<li><a href="${withQuery(query, { state, cursor: undefined })}"${query.state === state ? html` aria-current="true"` : ''}>${label} <span class="count">${count.toLocaleString('en-US')}</span></a></li>`;
  return html`<nav class="states" aria-label="Orders by state"><ul>
  ${tab(undefined, 'All', board.counts.total)}
  ${orderStates.map((state) => tab(state, stateWords(state), board.counts.byState[state] ?? 0))}
</ul></nav>`;
}

function textFilter(board: Board, query: BoardQuery, name: 'number' | 'customerReference' | 'q', label: string, hint: string): Html {
  if (!board.supported.has(name)) return html``;
  return html`<div class="field"><label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" value="${query[name] ?? ''}" placeholder="${hint}" maxlength="200"></div>`;
}

function filters(board: Board, query: BoardQuery): Html {
  return html`<form class="filters" method="get" action="/console" role="search" aria-label="Filter orders">
  ${query.state ? html`<input type="hidden" name="state" value="${query.state}">` : ''}
  <div class="field"><label for="f-kind">Kind</label>
    <select id="f-kind" name="kind">
      <option value="">Any kind</option>
      ${orderKinds.map((kind) => html`<option value="${kind}"${query.kind === kind ? ' selected' : ''}>${kindWords[kind]}</option>`)}
    </select></div>
  ${textFilter(board, query, 'number', 'Number', '+13034561234')}
  ${textFilter(board, query, 'customerReference', 'Customer reference', 'CR-1001')}
  ${textFilter(board, query, 'q', 'Company or losing carrier', 'Acme')}
  ${
    board.supported.has('needsAttention')
      ? html`<div class="field check"><input type="checkbox" id="f-attention" name="needsAttention" value="true"${query.needsAttention === 'true' ? ' checked' : ''}><label for="f-attention">Needs attention</label></div>`
      : ''
  }
  <button type="submit">Filter</button>
  <a class="button secondary" href="/console">Clear</a>
</form>`;
}

function flags(order: OrderView): Html {
  const list = [
    order.atRisk ? html`<span class="flag warn">at risk</span>` : '',
    order.sameDayFoc ? html`<span class="flag">same-day FOC</span>` : '',
    order.schedule?.offHours ? html`<span class="flag">off-hours</span>` : '',
    order.rejectionCount > 0 ? html`<span class="flag">${order.rejectionCount}× rejected</span>` : '',
  ];
  return html`${list}`;
}

function orderRow(order: OrderView): Html {
  const [first, ...rest] = order.numbers;
  return html`<tr>
  <td><a href="/console/orders/${order.id}">${order.id}</a>${order.customerReference ? html`<div class="muted">${order.customerReference}</div>` : ''}</td>
  <td>${kindWords[order.kind]}</td>
  <td><span class="state state-${order.state}">${stateWords(order.state)}</span></td>
  <td>${order.account.companyName}</td>
  <td>${order.losingCarrier}</td>
  <td class="mono">${first?.number ?? ''}${rest.length ? html` <span class="muted">+${rest.length}</span>` : ''}</td>
  <td>${calendarDay(order.focDate)}</td>
  <td>${order.schedule ? mountain(order.schedule.startAt, 'ccc d LLL, HH:mm') : '—'}</td>
  <td>${flags(order)}</td>
</tr>`;
}

export function boardPage(session: ConsoleSession, board: Board, query: BoardQuery): Html {
  const heading = query.state ? `${stateWords(query.state)} orders` : 'All orders';
  const shown = query.state ? (board.counts.byState[query.state] ?? 0) : board.counts.total;
  return page(
    { title: 'Board', session, current: 'board' },
    html`<h1>Board</h1>
${stateTabs(board, query)}
${filters(board, query)}
<section aria-labelledby="orders-heading">
<h2 id="orders-heading">${heading} <span class="muted">(${shown.toLocaleString('en-US')})</span></h2>
${
  board.items.length === 0
    ? html`<p>No orders match.</p>`
    : html`<div class="table-wrap"><table class="orders">
<caption class="visually-hidden">${heading}, newest first</caption>
<thead><tr><th scope="col">Order</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Company</th><th scope="col">Losing carrier</th><th scope="col">Numbers</th><th scope="col">FOC</th><th scope="col">Port start (MT)</th><th scope="col">Flags</th></tr></thead>
<tbody>${board.items.map(orderRow)}</tbody>
</table></div>`
}
${board.nextCursor ? html`<p><a class="button secondary" href="${withQuery(query, { cursor: board.nextCursor })}">Older orders</a></p>` : ''}
</section>`,
  );
}
