import { z } from 'zod';

/**
 * The shape of an order as the API accepts it (SPEC §1.2). This file holds only the shape:
 * types, sizes, trimming and unknown-field refusal (R11.1). The cross-field porting rules
 * (R1–R10) live in `validateOrder.ts`, which runs on a value that already has this shape.
 */

/**
 * R52: what text a person types may hold. C0/C1 controls (NUL, ESC, CR, LF…) would forge lines in a
 * mail's text part or a log; bidi overrides and isolates (U+202A–202E, U+2066–2069) make text read
 * differently from what it is; a lone surrogate is not a character at all (with the `u` flag the
 * class matches only unpaired halves). Multi-line text (reasons, notes) keeps line feeds, nothing else.
 */
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/u;

const characters = (forbidden: RegExp, message: string) => (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !forbidden.test(value), { message, params: { code: 'invalid_characters' } });
const lineText = characters(SINGLE_LINE_FORBIDDEN, 'must be one line without control characters, bidi overrides or lone surrogates');
const paragraphText = characters(MULTI_LINE_FORBIDDEN, 'must not hold control characters (line feeds aside), bidi overrides or lone surrogates');

/** Bounded, trimmed, single-line text: no 10 MB company names (R11.1), no forged lines (R52). */
export const text = (max: number) => lineText(max).min(1, 'must not be empty');
/** Bounded, trimmed text that may span lines (LF only, R52): reasons, details, notes. */
export const multilineText = (max: number) => paragraphText(max).min(1, 'must not be empty');
export const optionalMultilineText = (max: number) => paragraphText(max).nullish();
export const optionalText = (max: number) => lineText(max).nullish().transform((v) => (v ? v : null));
/**
 * An optional identifier (a number, an account number, a PIN): a blank one is null, so the rules see
 * "not given" one way; an absent one stays absent (the key stays optional in `OrderInput`).
 */
const optionalCode = (max: number) =>
  lineText(max).transform((v) => (v === '' ? null : v)).nullish();

export const isoDateString = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const orderKinds = ['us', 'tollFree', 'international'] as const;
export const orderKind = z.enum(orderKinds);
export type OrderKind = z.infer<typeof orderKind>;

export const serviceAddressSchema = z
  .object({
    line1: text(200),
    line2: optionalText(200),
    city: text(100),
    region: optionalText(100),
    postalCode: text(20),
    country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code'),
  })
  .strict();

export const accountSchema = z
  .object({
    companyName: text(200),
    authorizedApprover: text(200),
    billingTelephoneNumber: optionalCode(32),
    accountNumber: optionalCode(64),
    /** Write-only (R12): the engine encrypts it before anything is stored. */
    pin: optionalCode(64),
    serviceAddress: serviceAddressSchema,
  })
  .strict();

export const contactSchema = z
  .object({
    name: text(200),
    email: z.string().trim().max(254).email('must be a valid e-mail address'),
  })
  .strict();

const documentFlags = {
  csrRequested: z.boolean(),
  /** R61: a CSR is on file (set by uploading a `csr` document). Optional: orders stored before R61 lack it. */
  csrReceived: z.boolean().optional(),
  billCopyOnFile: z.boolean(),
  loaSigned: z.boolean(),
  /** International extras (SPEC §7): an invoice, ID or registration, a PAC/NIP/RIO code on file. */
  invoiceOnFile: z.boolean(),
  idOnFile: z.boolean(),
  portingCodeOnFile: z.boolean(),
};
const noDocuments = {
  csrRequested: false, billCopyOnFile: false, loaSigned: false,
  invoiceOnFile: false, idOnFile: false, portingCodeOnFile: false,
};
/** The documents on file, every flag present (what the view shows). */
export const documentFlagsSchema = z.object(documentFlags).strict();
/** Flags the client leaves out are false; an UPDATE merges the flags it names (no defaults there). */
export const documentsUpdateSchema = documentFlagsSchema.partial();
export const documentsSchema = documentsUpdateSchema.transform((flags) => ({ ...noDocuments, ...flags }));

export const orderInputSchema = z
  .object({
    kind: orderKind,
    country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code').optional(),
    serviceType: z.enum(['wireline', 'wireless']).optional(),
    numbers: z.array(z.string().trim().max(32)).max(5000, 'at most 5,000 numbers per order'),
    losingCarrier: text(200),
    account: accountSchema,
    remainingNumbers: z.enum(['keep', 'disconnect']).optional(),
    newBillingTelephoneNumber: optionalCode(32),
    priDisconnect: z.boolean().optional(),
    requestedFocDate: isoDateString.nullish(),
    documents: documentsSchema.default(noDocuments),
    contacts: z.array(contactSchema).max(50, 'at most 50 contacts'),
    customerReference: optionalText(200),
  })
  .strict();

/** What a client sends (before defaults). */
export type OrderInputRaw = z.input<typeof orderInputSchema>;
/** What the shape check produces (trimmed, defaulted), still carrying a plaintext PIN. */
export type OrderInput = z.output<typeof orderInputSchema>;

/**
 * The order data as it is kept in the machine context and in Redis: the PIN is replaced by
 * its ciphertext (R12). Nothing downstream of the engine ever sees a plaintext PIN.
 */
export type StoredOrderInput = Omit<OrderInput, 'account'> & {
  account: Omit<OrderInput['account'], 'pin'> & { pinCiphertext: string | null };
};

/**
 * UPDATE takes a partial order; the engine merges it over the current one and re-validates the
 * whole (SPEC §3.1). It has no defaults, so that what the client left out stays as it was.
 */
export const orderUpdateSchema = orderInputSchema
  .omit({ kind: true })
  .extend({
    account: accountSchema.partial().extend({ serviceAddress: serviceAddressSchema.partial().strict().optional() }).strict(),
    documents: documentsUpdateSchema,
  })
  .partial()
  .strict();
export type OrderUpdate = z.output<typeof orderUpdateSchema>;
