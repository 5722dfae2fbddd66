export { buildServer, type ServerDeps } from './buildServer';
export { createMetrics, type PortflowMetrics } from './metrics';
export { createLogger } from './logger';
export { ApiKeyRing, cookieValue, sameSecret, type Access, type ConsoleSession, type SessionResolver } from './auth';
