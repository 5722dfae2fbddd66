/** Query parameters of the paged lists (orders, event feed): SPEC §5 cursor paging. */
export const limitParam = { type: 'integer', minimum: 1, maximum: 200, default: 50, description: 'Page size, 1–200' } as const;

/** Opaque: a cursor is only ever a value the server handed out (`nextCursor`). */
export const cursorParam = { type: 'string', minLength: 1, maxLength: 200 } as const;
