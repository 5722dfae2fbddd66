import { join } from 'node:path';
import type { OrderEvent } from '../../machines/types';
import type { CalendarAnswer, OpenSlot } from '../calendar/types';
import { FileSystemDocumentStore } from '../documents/FileSystemDocumentStore';
import { CalendarSystem } from './systems/CalendarSystem';
import { DocumentSystem } from './systems/DocumentSystem';
import { DryRunSystem } from './systems/DryRunSystem';
import { NoteSystem } from './systems/NoteSystem';
import { EngineContext, type EngineDeps } from './systems/EngineContext';
import { OrderReadSystem } from './systems/OrderReadSystem';
import { OrderViewSystem } from './systems/OrderViewSystem';
import { OrderWriteSystem } from './systems/OrderWriteSystem';
import { ProjectSystem } from './systems/ProjectSystem';
import type { Actor, ApplyOptions, FeedEntryView, HistoryEntryView, OrderCounts, OrderListQuery, OrderView, Page, PortflowEngine, ProjectView } from './types';

export type { EngineDeps, EngineMetrics } from './systems/EngineContext';

/**
 * What callers (HTTP API, queue workers, timers, CLI) see of the engine. Each concern lives in
 * one system under `systems/` — the write path (`OrderWriteSystem`: load → transition → atomic
 * commit) reads top to bottom there; this class only wires the systems and routes the calls.
 */
export class Engine implements PortflowEngine {
  readonly writes: OrderWriteSystem;
  readonly reads: OrderReadSystem;
  readonly projects: ProjectSystem;
  readonly calendar: CalendarSystem;
  /** R65: the create checks and the SUBMIT checklist, writing nothing. */
  readonly dryRun: DryRunSystem;
  /** R60: notes beside an order, published outside its seq. */
  readonly notes: NoteSystem;
  /** R61: document files and their metadata. */
  readonly documents: DocumentSystem;
  /** The public view of a snapshot (the relay derives a publication's view with it). */
  readonly views: OrderViewSystem;
  private readonly requireDocumentFiles: boolean;

  constructor(deps: EngineDeps) {
    const ctx = new EngineContext(deps);
    const views = new OrderViewSystem(ctx);
    this.views = views;
    this.writes = new OrderWriteSystem(ctx, views);
    this.reads = new OrderReadSystem(ctx, views);
    this.projects = new ProjectSystem(ctx, this.writes, this.reads);
    this.calendar = new CalendarSystem(ctx);
    this.dryRun = new DryRunSystem(ctx);
    this.notes = new NoteSystem(ctx, views);
    const files = deps.documents ?? new FileSystemDocumentStore(join(deps.config.DATA_DIR, 'documents'));
    this.documents = new DocumentSystem(ctx, views, this.writes, files);
    this.requireDocumentFiles = deps.config.REQUIRE_DOCUMENT_FILES;
  }

  createOrder(input: unknown, actor: Actor, options?: ApplyOptions): Promise<OrderView> {
    return this.writes.createOrder(input, actor, options);
  }

  async apply(orderId: string, event: unknown, actor: Actor, options?: ApplyOptions): Promise<OrderView> {
    // R61: with REQUIRE_DOCUMENT_FILES=1 the R25 checklist also needs the files, which only the document system sees.
    if (this.requireDocumentFiles && isSubmission(event)) await this.documents.assertFilesForSubmission(orderId);
    return this.writes.apply(orderId, event, actor, options);
  }

  fireTimer(orderId: string, timer: Extract<OrderEvent, { type: 'TIMER' }>['timer'], visit: number): Promise<{ applied: boolean }> {
    return this.writes.fireTimer(orderId, timer, visit);
  }

  createProject(input: unknown, actor: Actor, options?: ApplyOptions): Promise<ProjectView> {
    return this.projects.createProject(input, actor, options);
  }

  getProject(projectId: string): Promise<ProjectView> {
    return this.projects.getProject(projectId);
  }

  getOrder(orderId: string): Promise<OrderView> {
    return this.reads.getOrder(orderId);
  }

  listOrders(query: OrderListQuery): Promise<Page<OrderView>> {
    return this.reads.listOrders(query);
  }

  countOrders(query: { kind?: string }): Promise<OrderCounts> {
    return this.reads.countOrders(query);
  }

  history(orderId: string): Promise<HistoryEntryView[]> {
    return this.reads.history(orderId);
  }

  historyPage(orderId: string, query: { after?: string; limit?: number }): Promise<Page<HistoryEntryView>> {
    return this.reads.historyPage(orderId, query);
  }

  feed(query: { after?: string; limit?: number }): Promise<Page<FeedEntryView>> {
    return this.reads.feed(query);
  }

  checkCalendar(input: unknown): Promise<CalendarAnswer> {
    return this.calendar.checkCalendar(input);
  }

  openSlots(query: { from: string; days: number }): Promise<OpenSlot[]> {
    return this.calendar.openSlots(query);
  }
}

function isSubmission(event: unknown): boolean {
  const type = (event as { type?: unknown } | null)?.type;
  return type === 'SUBMIT' || type === 'RESUBMIT';
}
