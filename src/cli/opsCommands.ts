import { loadConfig } from '../config/config';
import { createServices } from '../runtime/services';

/**
 * The ops CLI (SPEC §6): `portflow orders list|show|event`, `portflow calendar check|slots`.
 * It goes through the same engine as the API (same validation, same atomic commits), against the
 * Redis of the environment, and prints JSON.
 */
const usage = `usage:
  portflow orders list [--state S] [--kind K] [--limit N]
  portflow orders show <orderId>
  portflow orders event <orderId> '<event JSON>'      e.g. '{"type":"SUBMIT"}'
  portflow calendar check '<check JSON>'              e.g. '{"startAt":"2026-12-16T16:00:00Z"}'
  portflow calendar slots <YYYY-MM-DD> [days]`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

export async function runOpsCommand(args: string[]): Promise<number> {
  const [area, command, ...rest] = args;
  const services = createServices(loadConfig(), { warn: () => undefined });
  try {
    const actor = { id: 'cli' };
    let result: unknown;
    if (area === 'orders' && command === 'list') {
      const limit = option(rest, '--limit');
      result = await services.engine.listOrders({ state: option(rest, '--state'), kind: option(rest, '--kind'), limit: limit ? Number(limit) : undefined });
    } else if (area === 'orders' && command === 'show' && rest[0]) {
      result = await services.engine.getOrder(rest[0]);
    } else if (area === 'orders' && command === 'event' && rest[0] && rest[1]) {
      result = await services.engine.apply(rest[0], JSON.parse(rest[1]), actor);
    } else if (area === 'calendar' && command === 'check' && rest[0]) {
      result = await services.engine.checkCalendar(JSON.parse(rest[0]));
    } else if (area === 'calendar' && command === 'slots' && rest[0]) {
      result = await services.engine.openSlots({ from: rest[0], days: Number(rest[1] ?? 7) });
    } else {
      process.stderr.write(`${usage}\n`);
      return 64;
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    const details = error instanceof Error && 'code' in error ? { code: (error as { code: unknown }).code, message: error.message, details: (error as { details?: unknown }).details } : { message: String(error) };
    process.stderr.write(`${JSON.stringify({ error: details }, null, 2)}\n`);
    return 1;
  } finally {
    await services.close();
  }
}
