import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { documentTypes } from '../../documents/documentTypes';
import { DocumentTooLargeError } from '../../errors/DocumentTooLargeError';
import { ValidationError } from '../../errors/ValidationError';
import { MAX_DOCUMENT_BYTES, type DocumentSystem } from '../../engine/systems/DocumentSystem';
import { actorOf } from '../auth';
import { orderIdParams, type OrderIdParams } from './portOrders';

type DocumentParams = OrderIdParams & { documentId: string };

const documentParams = {
  type: 'object',
  required: ['id', 'documentId'],
  properties: { id: orderIdParams.properties.id, documentId: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

const documentTypeSchema = z.enum(documentTypes);

/** A filename is kept for people (list, download) only: no path, no control characters, bounded. */
function plainFilename(given: string | undefined): string {
  const name = (given ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069"]/g, '').trim();
  return name.slice(0, 255) || 'document';
}

/** RFC 6266: an ASCII fallback name and the exact one, percent-encoded (RFC 8187). */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7E]|[%\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * R61: `/v1/port-orders/:id/documents`. Multipart is parsed only in this scope (every other route
 * keeps answering 415 to it), one file of at most 10 MB, streamed; the `type` field comes first.
 */
export function registerOrderDocumentRoutes(app: FastifyInstance, documents: DocumentSystem): void {
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // One byte over the cap reaches the document store, which refuses it (413) while it streams;
      // busboy then truncates and discards the rest, so no body is ever held whole.
      limits: { fileSize: MAX_DOCUMENT_BYTES + 1, files: 1, fields: 2, fieldSize: 100, parts: 3, headerPairs: 20 },
    });

    scope.post<{ Params: OrderIdParams }>(
      '/v1/port-orders/:id/documents',
      {
        schema: {
          operationId: 'uploadPortOrderDocument',
          summary: 'Upload one document (PDF, PNG, JPEG or TIFF by content, at most 10 MB) as multipart/form-data',
          description:
            'Fields, in this order: `type` (loa, invoice, csr, other), then `file`. 413 past 10 MB (refused while streaming), 415 when the content is no accepted format. An LOA, invoice or CSR sets documents.loaSigned / billCopyOnFile / csrReceived while the order is draft or rejected. Publishes port_order.document_added.',
          tags: ['port orders'],
          params: orderIdParams,
          consumes: ['multipart/form-data'],
        },
        config: { access: 'write', docs: { body: 'DocumentUpload', success: [201, 'Document'], errors: [400, 404, 413, 415, 422] } },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          throw new ValidationError([{ path: 'body', code: 'multipart_required', message: 'send the document as multipart/form-data: a type field, then the file' }]);
        }
        const part = await request.file();
        if (!part) throw new ValidationError([{ path: 'file', code: 'required', message: 'one file is required' }]);
        const typeField = part.fields.type;
        const type = documentTypeSchema.safeParse(typeField && !Array.isArray(typeField) && typeField.type === 'field' ? typeField.value : undefined);
        if (!type.success) {
          part.file.resume();
          throw new ValidationError([{ path: 'type', code: 'invalid_value', message: `a field before the file, one of ${documentTypes.join(', ')}` }]);
        }
        try {
          const document = await documents.upload(request.params.id, { type: type.data, filename: plainFilename(part.filename), content: part.file }, actorOf(request));
          return await reply.code(201).send(document);
        } catch (error) {
          // The rest of an oversized body is not worth reading: the connection closes after the answer.
          if (error instanceof DocumentTooLargeError) void reply.header('connection', 'close');
          throw error;
        }
      },
    );
  });

  app.get<{ Params: OrderIdParams }>(
    '/v1/port-orders/:id/documents',
    {
      schema: { operationId: 'listPortOrderDocuments', summary: 'The documents of an order, oldest first (metadata only)', tags: ['port orders'], params: orderIdParams },
      config: { access: 'read', docs: { success: [200, 'DocumentList'], errors: [404] } },
    },
    async (request) => ({ items: await documents.list(request.params.id) }),
  );

  app.get<{ Params: DocumentParams }>(
    '/v1/port-orders/:id/documents/:documentId',
    {
      schema: {
        operationId: 'downloadPortOrderDocument',
        summary: 'Download a document: its stored content type, as an attachment',
        tags: ['port orders'],
        params: documentParams,
        produces: ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'],
      },
      config: { access: 'read', docs: { success: [200, null], errors: [404] } },
    },
    async (request, reply) => {
      const { document, content } = await documents.download(request.params.id, request.params.documentId);
      return reply
        .header('content-type', document.contentType)
        .header('content-length', document.size)
        .header('content-disposition', attachment(document.filename))
        .header('x-content-type-options', 'nosniff')
        .send(content);
    },
  );

  app.delete<{ Params: DocumentParams }>(
    '/v1/port-orders/:id/documents/:documentId',
    {
      schema: { operationId: 'deletePortOrderDocument', summary: 'Delete a document while the order is draft or rejected', tags: ['port orders'], params: documentParams },
      config: { access: 'admin', docs: { success: [204, null], errors: [404, 422] } },
    },
    async (request, reply) => {
      await documents.remove(request.params.id, request.params.documentId);
      return reply.code(204).send();
    },
  );
}
