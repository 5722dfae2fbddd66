/** R61: what an uploaded document is, as the desk files it. */
export const documentTypes = ['loa', 'invoice', 'csr', 'other'] as const;
export type DocumentType = (typeof documentTypes)[number];

/** The contents a document may have, recognised from its bytes (never from its name). */
export const acceptedContentTypes = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'] as const;

/** An upload of these types sets the order's flag (R61). */
export const flagSetBy: Partial<Record<DocumentType, 'loaSigned' | 'billCopyOnFile' | 'csrReceived'>> = {
  loa: 'loaSigned',
  invoice: 'billCopyOnFile',
  csr: 'csrReceived',
};

/**
 * `REQUIRE_DOCUMENT_FILES=1`: the file behind each R25 flag. `csrRequested` stays a flag — it says a
 * CSR was asked for, not that one is on file.
 */
export const fileBehindFlag: Record<string, DocumentType> = {
  'documents.loaSigned': 'loa',
  'documents.billCopyOnFile': 'invoice',
  'documents.invoiceOnFile': 'invoice',
};

/** Document metadata, as kept in Redis and shown by the API. */
export interface DocumentMeta {
  id: string;
  orderId: string;
  type: DocumentType;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}
