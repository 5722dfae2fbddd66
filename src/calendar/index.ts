export * from './types';
export { PortingCalendar, calendarSettingsFromConfig } from './PortingCalendar';
export { federalHolidays, ClosedDays } from './holidays';
export { slotKey } from './slotKey';
export { CalendarInputError } from './CalendarInputError';
