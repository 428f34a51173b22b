import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { providerOrigins, signInRoutes, type ExplorerSignIn } from './explorer-sign-in';

/**
 * The explorer's public routes: the page at /explorer and its bundle (GraphiQL and React, built by
 * gateway/scripts/build-explorer.mjs into gateway/dist/explorer). Public because they hold no
 * data: everything the page shows comes from /graphql with the user's bearer token.
 */

type Route = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/**
 * Only our own scripts, styles and endpoint; fonts and icons come inline as data: URLs. GraphiQL's
 * dialogs (settings, shortcuts) try to add a scroll-lock <style> element: refused (the console says
 * so), and they work without it, the page never scrolling.
 */
export const EXPLORER_CSP = explorerCsp([]);

/** The policy, the page also fetching from `origins` (an identity provider's token endpoint). */
export function explorerCsp(origins: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...origins].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Where the bundle is, from gateway/src (tests) as from gateway/dist (built). */
export const EXPLORER_ASSETS = path.resolve(__dirname, '..', 'dist', 'explorer');

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function page(endpoint: string, tokenField: boolean): string {
  // No inline script or style: the bundle reads its settings from data- attributes.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Passerelle explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/explorer/app.css">
<script defer src="/explorer/app.js"></script>
</head>
<body>
<div id="explorer" data-endpoint="${escapeAttribute(endpoint)}" data-token-field="${tokenField}"><noscript>The explorer needs JavaScript.</noscript></div>
</body>
</html>
`;
}

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  type: string;
}

// Weak: the same validator stands for the plain and the gzipped body.
function asset(body: Buffer, type: string): Asset {
  return { body, gzipped: gzipSync(body), etag: `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, type };
}

function send(request: IncomingMessage, response: ServerResponse, file: Asset, headers: Record<string, string>): void {
  const common = { 'content-type': file.type, 'cache-control': 'no-cache', etag: file.etag, vary: 'accept-encoding', 'x-content-type-options': 'nosniff', ...headers };
  if (request.headers['if-none-match'] === file.etag) {
    response.writeHead(304, common);
    response.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  response.writeHead(200, { ...common, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
  response.end(gzip ? file.gzipped : file.body);
}

/** `signIn`: how the page signs in (explorer-sign-in.ts); absent, the token field alone. */
export function explorerRoutes(options: { endpoint?: string; assets?: string; signIn?: ExplorerSignIn } = {}): Record<string, Route> {
  const directory = options.assets ?? EXPLORER_ASSETS;
  const html = asset(Buffer.from(page(options.endpoint ?? '/graphql', options.signIn?.tokenField ?? true)), 'text/html; charset=utf-8');
  // Read once, on first use: the gateway starts even when the bundle has not been built.
  const cache = new Map<string, Asset>();
  const bundled = (name: string, type: string): Route => (request, response) => {
    let file = cache.get(name);
    if (!file) {
      try {
        file = asset(readFileSync(path.join(directory, name)), type);
      } catch {
        response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        response.end(`The explorer is not built (${name} is missing): run npm run build.\n`);
        return;
      }
      cache.set(name, file);
    }
    send(request, response, file, {});
  };
  return {
    ...(options.signIn ? signInRoutes(options.signIn) : {}),
    '/explorer': async (request, response) =>
      send(request, response, html, {
        'content-security-policy': options.signIn ? explorerCsp(await providerOrigins(options.signIn)) : EXPLORER_CSP,
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      }),
    '/explorer/': (_request, response) => {
      response.writeHead(308, { location: '/explorer' });
      response.end();
    },
    '/explorer/app.js': bundled('app.js', 'text/javascript; charset=utf-8'),
    '/explorer/app.css': bundled('app.css', 'text/css; charset=utf-8'),
  };
}
