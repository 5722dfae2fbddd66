import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type/core';
import type { PersistedOrder } from '../../../machines/runEvent';
import { missingForSubmission } from '../../../machines/shared/submissionChecklist';
import { PORTING_ZONE } from '../../clock/clock';
import { acceptedContentTypes, fileBehindFlag, flagSetBy, type DocumentMeta, type DocumentType } from '../../documents/documentTypes';
import type { DocumentStore } from '../../documents/DocumentStore';
import { InvalidTransitionError } from '../../errors/InvalidTransitionError';
import { NotFoundError } from '../../errors/NotFoundError';
import { RuleViolationError } from '../../errors/RuleViolationError';
import { UnsupportedDocumentTypeError } from '../../errors/UnsupportedDocumentTypeError';
import { ValidationError } from '../../errors/ValidationError';
import { newDocumentId } from '../../orders/ids';
import type { Actor } from '../types';
import type { EngineContext } from './EngineContext';
import type { OrderViewSystem } from './OrderViewSystem';
import type { OrderWriteSystem } from './OrderWriteSystem';
import { publishOrderRecord } from './publishOrderRecord';

/** R61: the most a document may be. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** §9: an order's documents are bounded (at most 1 GB of files per order). */
export const MAX_DOCUMENTS_PER_ORDER = 100;

/** Documents may be deleted only while the order can still change (SPEC R61). */
const DELETABLE_STATES = ['draft', 'rejected'];

export interface Upload {
  type: DocumentType;
  filename: string;
  content: Readable;
}

/**
 * R61: documents on an order. The file streams into the document store (never held whole in
 * memory), is recognised by its bytes, and is kept only when it is a PDF, PNG, JPEG or TIFF; its
 * metadata goes to Redis with `port_order.document_added` (outside the order's seq). An LOA, bill or
 * CSR then sets its `documents.*` flag through an ordinary UPDATE, when the order still takes one.
 */
export class DocumentSystem {
  constructor(
    private readonly ctx: EngineContext,
    private readonly views: OrderViewSystem,
    private readonly writes: OrderWriteSystem,
    private readonly files: DocumentStore,
  ) {}

  async upload(orderId: string, upload: Upload, actor: Actor): Promise<DocumentMeta> {
    await this.loadOrder(orderId);
    const staged = await this.files.stage(upload.content, MAX_DOCUMENT_BYTES);
    const detected = await fileTypeFromBuffer(staged.head);
    if (!detected || !(acceptedContentTypes as readonly string[]).includes(detected.mime)) {
      await staged.discard();
      throw new UnsupportedDocumentTypeError(detected?.mime ?? null, acceptedContentTypes);
    }
    await staged.keep();

    // Loaded again after the upload: the order may have moved on while the file streamed in.
    const stored = await this.loadOrder(orderId);
    const at = (await this.ctx.now()).toUTC().toISO()!;
    const document: DocumentMeta = {
      id: newDocumentId(),
      orderId,
      type: upload.type,
      filename: upload.filename,
      contentType: detected.mime,
      size: staged.size,
      sha256: staged.sha256,
      uploadedBy: actor.id,
      uploadedAt: at,
    };
    await publishOrderRecord(this.ctx, {
      kind: 'documents',
      orderId,
      record: document,
      at,
      eventType: 'port_order.document_added',
      view: this.views.viewOf(stored.persisted, stored.version),
      payload: { document },
      mails: [],
      maxPerOrder: MAX_DOCUMENTS_PER_ORDER,
    });
    await this.setFlag(orderId, upload.type, stored.persisted, actor);
    return document;
  }

  async list(orderId: string): Promise<DocumentMeta[]> {
    const documents = await this.ctx.store.records.all<DocumentMeta>('documents', orderId);
    if (documents.length === 0) await this.loadOrder(orderId);
    return documents;
  }

  async download(orderId: string, documentId: string): Promise<{ document: DocumentMeta; content: Readable }> {
    const document = await this.existing(orderId, documentId);
    const content = await this.files.open(document.sha256);
    if (content === null) throw new NotFoundError('document file', documentId);
    return { document, content };
  }

  /**
   * Removes the document from the order. The file stays in the store (another document may share
   * it, being named by its content), and a flag it set stays set: with REQUIRE_DOCUMENT_FILES=1 the
   * SUBMIT checklist looks for the files themselves.
   */
  async remove(orderId: string, documentId: string): Promise<void> {
    await this.existing(orderId, documentId);
    const stored = await this.loadOrder(orderId);
    if (!DELETABLE_STATES.includes(stored.state)) {
      throw new RuleViolationError({
        code: 'document_locked',
        rule: 'R61',
        message: `Documents can be deleted while the order is draft or rejected; it is ${stored.state}`,
        details: { state: stored.state },
      });
    }
    await this.ctx.store.records.remove('documents', orderId, documentId);
  }

  /**
   * REQUIRE_DOCUMENT_FILES=1: the R25 checklist needs the file behind each document flag it asks
   * for (an LOA, a bill), not only the flag. Refused like the checklist itself (422 submission_incomplete).
   */
  async assertFilesForSubmission(orderId: string): Promise<void> {
    const stored = await this.loadOrder(orderId);
    const order = stored.persisted.context.order;
    const today = (await this.ctx.now()).setZone(PORTING_ZONE).toISODate()!;
    // What the checklist asks for when no flag is set: every document it would want.
    const unflagged = { ...order, documents: { csrRequested: false, billCopyOnFile: false, loaSigned: false, invoiceOnFile: false, idOnFile: false, portingCodeOnFile: false } };
    const wanted = missingForSubmission(order.kind, unflagged, today).filter((path) => path in fileBehindFlag);
    if (wanted.length === 0) return;
    const onFile = new Set((await this.ctx.store.records.all<DocumentMeta>('documents', orderId)).map((document) => document.type));
    const missing = wanted.filter((path) => !onFile.has(fileBehindFlag[path]));
    if (missing.length === 0) return;
    const files = [...new Set(missing.map((path) => fileBehindFlag[path]))];
    throw new RuleViolationError({
      code: 'submission_incomplete',
      rule: 'R25',
      message: `The order cannot be submitted yet: upload the ${files.join(' and ')} file${files.length > 1 ? 's' : ''} (REQUIRE_DOCUMENT_FILES=1)`,
      details: { missing, missingFiles: files },
    });
  }

  private async setFlag(orderId: string, type: DocumentType, persisted: PersistedOrder, actor: Actor): Promise<void> {
    const flag = flagSetBy[type];
    if (!flag || persisted.context.order.documents[flag]) return;
    try {
      await this.writes.apply(orderId, { type: 'UPDATE', documents: { [flag]: true } }, actor);
    } catch (error) {
      // The flag goes with an UPDATE, which only draft and rejected orders take; an order past
      // submission keeps its document without the flag, and one whose input no longer validates
      // (a requested FOC date now past) gets the flag with its next corrected UPDATE.
      if (error instanceof InvalidTransitionError || error instanceof ValidationError) return;
      throw error;
    }
  }

  private async existing(orderId: string, documentId: string): Promise<DocumentMeta> {
    const document = await this.ctx.store.records.get<DocumentMeta>('documents', orderId, documentId);
    if (document === null) throw new NotFoundError('document', documentId);
    return document;
  }

  private async loadOrder(orderId: string): Promise<{ persisted: PersistedOrder; version: number; state: string }> {
    const stored = await this.ctx.store.load(orderId);
    if (!stored) throw new NotFoundError('order', orderId);
    return { persisted: JSON.parse(stored.snapshot) as PersistedOrder, version: stored.version, state: stored.state };
  }
}
