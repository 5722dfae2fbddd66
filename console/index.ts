export { registerConsole, type ConsoleOptions } from './plugin';
export { SessionStore } from './sessions/SessionStore';
