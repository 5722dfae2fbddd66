export { buildServer, type ServerDeps } from './buildServer';
export { createMetrics, type PortflowMetrics } from './metrics';
export { createLogger } from './logger';
export type { Access } from './auth';
