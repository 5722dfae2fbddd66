import type { DateTime } from 'luxon';
import { createOrderMachines, type OrderMachine } from '../../../machines/runEvent';
import type { Calendar } from '../../calendar/types';
import type { Clock } from '../../clock/clock';
import type { Config } from '../../config/config';
import type { DocumentStore } from '../../documents/DocumentStore';
import type { OrderKind } from '../../orders/orderInput';
import type { PinCipher } from '../../orders/pin';
import type { OrderStore } from '../../store/OrderStore';

export interface EngineMetrics {
  transition(kind: string, event: string, outcome: string): void;
  commitRetry(): void;
}

const noMetrics: EngineMetrics = { transition: () => undefined, commitRetry: () => undefined };

export interface EngineDeps {
  store: OrderStore;
  clock: Clock;
  calendar: Calendar;
  pins: PinCipher;
  config: Pick<Config, 'AUTO_PORT_REGIONS' | 'PORT_WINDOW_MINUTES' | 'DATA_DIR' | 'REQUIRE_DOCUMENT_FILES'>;
  metrics?: EngineMetrics;
  /** R61: where document files live; a folder under DATA_DIR by default. */
  documents?: DocumentStore;
}

/**
 * What every engine system shares: the dependencies, the machines built once from the calendar,
 * and the one clock read (synced first, so the sandbox clock is the same in every process).
 */
export class EngineContext {
  readonly store: OrderStore;
  readonly calendar: Calendar;
  readonly pins: PinCipher;
  readonly config: EngineDeps['config'];
  readonly metrics: EngineMetrics;
  readonly machines: Record<OrderKind, OrderMachine>;
  private readonly clock: Clock;

  constructor(deps: EngineDeps) {
    this.store = deps.store;
    this.calendar = deps.calendar;
    this.pins = deps.pins;
    this.config = deps.config;
    this.clock = deps.clock;
    this.metrics = deps.metrics ?? noMetrics;
    this.machines = createOrderMachines({ calendar: deps.calendar, portWindowMinutes: deps.config.PORT_WINDOW_MINUTES });
  }

  async now(): Promise<DateTime> {
    await this.clock.sync?.();
    return this.clock.now();
  }
}
