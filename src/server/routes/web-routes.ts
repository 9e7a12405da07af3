import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import type { ServerContext } from '../server-context.ts';
import { serverMessages } from '../server-messages.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Reads a regular file inside the root, or returns null. */
async function readInside(root: string, requestPath: string): Promise<Buffer | null> {
  const file = path.resolve(root, `.${decodeURIComponent(requestPath)}`);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return null;
  try {
    if (!(await stat(file)).isFile()) return null;
    return await readFile(file);
  } catch {
    return null;
  }
}

function missingBuildPage(): string {
  return `<!doctype html><html><head><meta charset="utf-8">
<title>${serverMessages.webMissingTitle}</title></head>
<body><h1>${serverMessages.webMissingTitle}</h1>
<p>${serverMessages.webMissing}</p></body></html>`;
}

/**
 * Serves the built browser app from `web/dist`: a file when one matches
 * the path, else index.html so client-side routes load (SPA fallback).
 * Without a build, every page explains how to build it. Register it last.
 */
export function registerWebRoutes(
  app: OpenAPIHono<AppEnv>,
  context: ServerContext,
): void {
  app.get('*', async (c) => {
    const root = context.webRoot;
    if (root === null) return c.html(missingBuildPage());
    const requestPath = c.req.path;
    const file = requestPath === '/' ? null : await readInside(root, requestPath);
    if (file !== null) {
      const type = contentTypes[path.extname(requestPath).toLowerCase()];
      c.header('Content-Type', type ?? 'application/octet-stream');
      if (requestPath.startsWith('/assets/')) {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      }
      return c.body(new Uint8Array(file));
    }
    const index = await readInside(root, '/index.html');
    if (index === null) return c.html(missingBuildPage());
    return c.html(index.toString('utf8'));
  });
}
