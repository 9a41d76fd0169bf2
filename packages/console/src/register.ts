import type { FastifyInstance, FastifyReply } from 'fastify';
import { type ConsoleAsset, loadConsoleAssets } from './assets.js';

/** Options of {@link registerConsole}. @public */
export interface RegisterConsoleOptions {
  /** URL prefix (default `/console`). */
  prefix?: string;
  /** Directory of the built UI (default: the one shipped in this package). */
  assetsDir?: string;
}

/** Content Security Policy: everything from this origin, nothing inline, nothing from elsewhere. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Ferric console</title>
<p>The console has not been built: run <code>pnpm build</code> in the Ferric repository.</p>`;

/**
 * Serves the built console under `prefix` on a Fastify app: `GET <prefix>/` (the page, for every
 * client-side route too) and `GET <prefix>/assets/*`. The files are read once, into memory; the page
 * itself talks to the public REST API with the user's credentials, so the static files need none
 * (list `prefix` among the API's public paths).
 * @public
 */
export async function registerConsole(
  app: FastifyInstance,
  options: RegisterConsoleOptions = {},
): Promise<void> {
  const prefix = (options.prefix ?? '/console').replace(/\/+$/, '');
  const assets = await loadConsoleAssets(options.assetsDir);
  const index = assets.get('index.html');
  const send = (reply: FastifyReply, asset: ConsoleAsset) =>
    reply
      .header('Content-Type', asset.contentType)
      .header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('Content-Security-Policy', CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .send(asset.body);

  const page = (reply: FastifyReply) =>
    index
      ? send(reply, index)
      : reply.code(503).header('Content-Type', 'text/html; charset=utf-8').send(NOT_BUILT);
  // Relative asset URLs need the trailing slash; servers that ignore trailing slashes route both here.
  app.get(prefix, async (request, reply) =>
    request.url.split('?')[0]!.endsWith('/') ? page(reply) : reply.redirect(`${prefix}/`, 302),
  );
  app.get<{ Params: { '*': string } }>(`${prefix}/*`, async (request, reply) => {
    const path = request.params['*'];
    if (path === '' || path === 'index.html') return page(reply);
    const asset = assets.get(path);
    if (asset) return send(reply, asset);
    if (path.startsWith('assets/'))
      return reply.code(404).header('Content-Type', 'text/plain').send('Not found\n');
    // Any other path under the prefix: the page (it routes itself on the URL hash).
    return page(reply);
  });
}
