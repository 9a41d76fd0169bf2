import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ENV_VARS, InvalidServeConfig, loadServeConfig, type ServeConfig } from './config.js';
import { runDemo } from './demo.js';
import { type FerricService, startService } from './service.js';
import { MAX_MINOR, versionString } from './versioning.js';

const HELP = `ferric — bare-metal provisioning with an Ironic-compatible API

Usage:
  ferric serve [options]     start the API and a conductor in one process
  ferric --help | --version

serve options:
  -c, --config <file>        JSON config file (also $FERRIC_CONFIG)
      --host <addr>          listen address (default 127.0.0.1)
  -p, --port <port>          listen port (default 6385)
      --data-dir <dir>       data directory for the SQLite database
      --demo [n]             enrol n fake nodes (default 3) and drive them to "available"
      --log-level <level>    fatal|error|warn|info|debug|trace|silent

Environment:
${Object.entries(ENV_VARS)
  .map(([k, v]) => `  ${k.padEnd(24)} ${v}`)
  .join('\n')}

Then, with python3-ironicclient installed:
  export OS_ENDPOINT=http://127.0.0.1:6385 OS_AUTH_TYPE=none
  baremetal node list
`;

function parseCli(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      config: { type: 'string', short: 'c' },
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean' },
      'log-level': { type: 'string' },
    },
  });
}

/** Runs the `ferric` command line; resolves with the exit code (serve resolves on shutdown). @public */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (err) {
    process.stderr.write(`ferric: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`ferric 0.1.0 (Ironic API up to ${versionString(MAX_MINOR)})\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (command !== 'serve') {
    process.stderr.write(`ferric: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  const overrides: Record<string, unknown> = {};
  if (values.host) overrides.host = values.host;
  if (values.port) overrides.port = /^\d+$/.test(values.port) ? Number(values.port) : values.port;
  if (values['data-dir']) overrides.dataDir = values['data-dir'];
  if (values['log-level']) overrides.logLevel = values['log-level'];
  if (values.demo) {
    const n = rest[0];
    overrides.demoNodes = n !== undefined && /^\d+$/.test(n) ? Number(n) : 3;
    if (!values['log-level'] && !process.env.FERRIC_LOG_LEVEL) overrides.logLevel = 'warn';
  }
  let config: ServeConfig;
  try {
    config = loadServeConfig({ ...(values.config ? { file: values.config } : {}), overrides });
  } catch (err) {
    if (err instanceof InvalidServeConfig) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const out = (l: string) => process.stdout.write(`${l}\n`);
  out(
    `ferric: data in ${config.dataDir}; starting conductor and API on ${config.host}:${config.port} (auth: ${config.auth.strategy})…`,
  );
  let service: FerricService;
  try {
    service = await startService({ config });
  } catch (err) {
    process.stderr.write(`ferric: could not start: ${(err as Error).message}\n`);
    return 1;
  }
  out(
    `ferric: API ready at ${service.url} (Ironic API 1.1–${versionString(MAX_MINOR)}), conductor ${service.conductor.host}.`,
  );
  const stop = new Promise<void>((resolve) => {
    const onSignal = () => {
      out('ferric: shutting down…');
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  if (config.demoNodes > 0) {
    try {
      await runDemo({
        rpc: service.conductor.rpc,
        inventory: service.conductor.inventory,
        count: config.demoNodes,
        print: out,
      });
    } catch (err) {
      process.stderr.write(`ferric: demo failed: ${(err as Error).message}\n`);
    }
  }
  const auth =
    config.auth.strategy === 'noauth'
      ? 'OS_AUTH_TYPE=none'
      : config.auth.strategy === 'http_basic'
        ? 'OS_AUTH_TYPE=http_basic OS_USERNAME=<user> OS_PASSWORD=<password>'
        : 'OS_AUTH_TYPE=admin_token OS_TOKEN=<token>';
  out(`
Point the baremetal CLI (python3-ironicclient) at it:
  export OS_ENDPOINT=${service.url} ${auth}
  baremetal node list
  baremetal driver list
Events as they happen:  curl -N -H 'X-OpenStack-Ironic-API-Version: latest' ${service.url}/v1/events
Press Ctrl+C to stop.`);
  await stop;
  await service.stop();
  return 0;
}
