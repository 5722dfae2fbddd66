/** Query parameters of the paged lists (orders, event feed): SPEC §5 cursor paging. */
export const limitParam = { type: 'integer', minimum: 1, maximum: 200, default: 50, description: 'Page size, 1–200' } as const;

/**
 * Opaque: a cursor is only ever a value the server handed out (`nextCursor`). Not checked here: the
 * store refuses every other value, empty or overlong ones included, with 400 `invalid_cursor` (R56).
 */
export const cursorParam = { type: 'string', description: 'A nextCursor this service handed out' } as const;
