/**
 * `@ferric/console`: Ferric's web console — a live fleet overview, a node table that pages on the
 * server, node pages with actions and a conductors view — built with Preact and Vite into static
 * files that ship in this package (no CDN), plus the handler that serves them on a Fastify app.
 * Everything the page shows or does goes through the public REST API with the user's credentials.
 * @packageDocumentation
 */
export { type ConsoleAsset, consoleAssetsDir, loadConsoleAssets } from './assets.js';
export { type RegisterConsoleOptions, registerConsole } from './register.js';
