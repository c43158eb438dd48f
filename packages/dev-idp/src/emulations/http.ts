import type { IncomingMessage, ServerResponse } from 'node:http';

const BODY_LIMIT = 56 * 1024;

/** A request body over {@link BODY_LIMIT}: answered 413. */
export class BodyTooLarge extends Error {}

/** The whole request body as bytes; rejects with {@link BodyTooLarge} past 56 KiB. */
export async function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new BodyTooLarge('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The whole request body as text; rejects with {@link BodyTooLarge} past 56 KiB. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString('utf8');
}

/** A JSON answer that no cache keeps (RFC 6749 §5.1: `Cache-Control: no-store`). */
export function sendJson(
  res: ServerResponse,
  status: number,
  json: unknown,
  headers: Record<string, string> = {},
): void {
  res
    .writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      ...headers,
    })
    .end(JSON.stringify(json));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res
    .writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(html);
}

/** A `303 See Other` to `location` (a form POST is followed by a GET). */
export function redirect(res: ServerResponse, location: URL | string): void {
  res.writeHead(303, { Location: String(location), 'Cache-Control': 'no-store' }).end();
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `<!doctype html>` page with a title and a body, styled just enough to read. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title><style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}input{display:block;margin:.25rem 0 1rem;padding:.4rem;width:100%}button{padding:.5rem 1rem;margin-right:.5rem}img{max-width:4rem;max-height:4rem}</style><body>${body}</body></html>`;
}
