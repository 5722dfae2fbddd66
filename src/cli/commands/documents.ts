import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import type { DocumentMeta } from '../../documents/documentTypes';
import { CliUsageError } from '../../errors/CliUsageError';
import { deskAction, orderPath } from '../desk';
import { asJson, mountainTime, table } from '../output';


/** A filename from the API is only ever a name in the current folder, never a path. */
function safeName(name: string | null, fallback: string): string {
  const plain = basename(name ?? '').replace(/[^\w.\-]+/g, '_');
  return plain && plain !== '.' && plain !== '..' ? plain : fallback;
}

/** SPEC R61 / R67: `portflow documents upload|list|get`. */
export function registerDocumentCommands(program: Command): void {
  const documents = program.command('documents').description("an order's documents (R61): upload, list, get");

  documents
    .command('upload')
    .description('upload one file (PDF, PNG, JPEG or TIFF, at most 10 MB) to an order')
    .argument('<orderId>')
    .argument('<file>')
    .addOption(new Option('--type <type>', 'what the file is').choices(['loa', 'invoice', 'csr', 'other']).makeOptionMandatory())
    .action(
      deskAction(async ({ api, out }, orderId: string, file: string, options: { type: string }) => {
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch {
          throw new CliUsageError('bad_argument', `cannot read ${file}`);
        }
        // The field comes before the file: a streaming multipart reader sees the type first.
        const form = new FormData();
        form.append('type', options.type);
        form.append('file', new Blob([new Uint8Array(bytes)]), basename(file));
        const meta = await api.request<DocumentMeta>('POST', orderPath(orderId, '/documents'), { form });
        out.print(out.json ? asJson(meta) : `document ${meta.id} uploaded to ${orderId}: ${meta.type}, ${meta.filename}, ${meta.contentType}, ${meta.size} bytes, sha256 ${meta.sha256}`);
      }),
    );

  documents
    .command('list')
    .description("an order's documents")
    .argument('<orderId>')
    .action(
      deskAction(async ({ api, out }, orderId: string) => {
        const answer = await api.request<{ items: DocumentMeta[] }>('GET', orderPath(orderId, '/documents'));
        if (out.json) return out.print(asJson(answer));
        out.print(
          table(
            ['ID', 'TYPE', 'FILENAME', 'CONTENT TYPE', 'SIZE', 'UPLOADED (MT)', 'BY'],
            answer.items.map((d) => [d.id, d.type, d.filename, d.contentType, d.size, mountainTime(d.uploadedAt), d.uploadedBy]),
          ),
        );
      }),
    );

  documents
    .command('get')
    .description('download a document (to its own filename in this folder unless -o says otherwise)')
    .argument('<orderId>')
    .argument('<documentId>')
    .option('-o, --output <path>', 'where to write it; - for stdout')
    .option('--force', 'overwrite an existing file')
    .action(
      deskAction(async ({ api, out }, orderId: string, documentId: string, options: { output?: string; force?: boolean }) => {
        const download = await api.download(orderPath(orderId, `/documents/${encodeURIComponent(documentId)}`));
        if (options.output === '-') {
          process.stdout.write(download.bytes);
          return;
        }
        const path = options.output ?? safeName(download.filename, documentId);
        if (existsSync(path) && !options.force) throw new CliUsageError('file_exists', `${path} exists: use --force to overwrite, or -o another path`);
        writeFileSync(path, download.bytes);
        const saved = { path, size: download.bytes.length, contentType: download.contentType };
        out.print(out.json ? asJson(saved) : `saved ${path} (${saved.contentType}, ${saved.size} bytes)`);
      }),
    );
}
