import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FerricPlugin } from '@ferric/core';
import { loadPlugin } from '@ferric/core';
import type { Logger } from 'pino';
import type { AgentSection, BootSection } from './extensions-config.js';

/** A plugin, boot or agent setting that cannot be applied (exit code 2 in the CLI). @public */
export class ExtensionConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExtensionConfigError';
  }
}

/**
 * Turns a plugin specifier into something `import()` resolves from anywhere: file paths (relative to
 * `baseDir`) and packages resolvable from `baseDir` (or from this package) become file URLs.
 */
function resolveSpecifier(spec: string, baseDir: string): string {
  if (spec.startsWith('file:')) return spec;
  if (spec.startsWith('.') || isAbsolute(spec)) return pathToFileURL(resolve(baseDir, spec)).href;
  for (const from of [join(baseDir, 'noop.js'), import.meta.url]) {
    try {
      return pathToFileURL(createRequire(from).resolve(spec)).href;
    } catch {
      // not resolvable from there; try the next place, then let import() report the problem.
    }
  }
  return spec;
}

/**
 * Loads `plugins` with core's `loadPlugin` (validated), in order.
 * @throws ExtensionConfigError naming the entry (`plugins[i] (spec): …`).
 * @public
 */
export async function loadPlugins(
  specs: readonly string[],
  baseDir: string = process.cwd(),
): Promise<FerricPlugin[]> {
  const out: FerricPlugin[] = [];
  for (const [i, spec] of specs.entries()) {
    try {
      out.push(await loadPlugin(resolveSpecifier(spec, baseDir)));
    } catch (err) {
      throw new ExtensionConfigError(`plugins[${i}] (${spec}): ${(err as Error).message}`, { cause: err });
    }
  }
  return out;
}

/** What {@link applyExtensions} started. @public */
export interface AppliedExtensions {
  readonly plugins: readonly FerricPlugin[];
  /** Address of the boot HTTP service when it runs in this process. */
  readonly bootHttpUrl: string | null;
  /** Stops the boot services (when started). */
  stop(): Promise<void>;
}

/**
 * Configures the process before its conductor starts: `boot` → `configureBoot` (and the boot services
 * when `boot.services` is set), `agent` → `configureAgent`, then loads `plugins`.
 * @throws ExtensionConfigError on a setting that cannot be applied or a plugin that cannot be loaded.
 * @public
 */
export async function applyExtensions(
  config: { plugins: readonly string[]; boot?: BootSection | undefined; agent?: AgentSection | undefined },
  options: { logger?: Logger; baseDir?: string } = {},
): Promise<AppliedExtensions> {
  if (config.agent) {
    const { configureAgent } = await import('@ferric/agent');
    configureAgent(config.agent);
  }
  let stopBoot: () => Promise<void> = async () => undefined;
  let bootHttpUrl: string | null = null;
  if (config.boot) {
    const bootCommon = await import('@ferric/boot-common');
    const { services, dnsmasq, ...settings } = config.boot;
    bootCommon.configureBoot({
      ...settings,
      ...(dnsmasq ? { dhcp: new bootCommon.DnsmasqDhcpProvider(dnsmasq) } : {}),
    });
    if (services) {
      let running: Awaited<ReturnType<typeof bootCommon.startBootServices>>;
      try {
        running = await bootCommon.startBootServices({
          host: services.host,
          tftpPort: services.tftpPort,
          httpPort: services.httpPort,
          ...(services.sweepIntervalSeconds !== undefined
            ? { sweepIntervalSeconds: services.sweepIntervalSeconds }
            : {}),
          ...(options.logger ? { logger: options.logger.child({ component: 'boot' }) } : {}),
        });
      } catch (err) {
        throw new ExtensionConfigError(`boot.services: ${(err as Error).message}`, { cause: err });
      }
      stopBoot = () => running.stop();
      if (services.httpPort !== false) {
        const host = services.host.includes(':') ? `[${services.host}]` : services.host;
        bootHttpUrl = `http://${host}:${running.http?.address().port ?? services.httpPort}`;
      }
    }
  }
  try {
    const plugins = await loadPlugins(config.plugins, options.baseDir);
    return { plugins, bootHttpUrl, stop: stopBoot };
  } catch (err) {
    await stopBoot();
    throw err;
  }
}
