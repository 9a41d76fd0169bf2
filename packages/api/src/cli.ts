import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { redactDatabaseUrl } from '@ferric/conductor';
import { ENV_VARS, InvalidServeConfig, loadServeConfig, type ServeConfig } from './config.js';
import { runDemo } from './demo.js';
import { ExtensionConfigError } from './extensions.js';
import {
  CLUSTER_ENV_VARS,
  type ClusterConfig,
  InvalidClusterConfig,
  loadClusterConfig,
} from './process-config.js';
import { type ClusterProcess, startApiProcess, startConductorProcess } from './processes.js';
import { type FerricService, startService } from './service.js';
import { MAX_MINOR, versionString } from './versioning.js';

const HELP = `ferric — bare-metal provisioning with an Ironic-compatible API

Usage:
  ferric serve [options]       start the API and a conductor in one process (SQLite, in-process RPC)
  ferric conductor [options]   run one conductor of a cluster (PostgreSQL + JSON-RPC or AMQP)
  ferric api [options]         run one API process of a cluster
  ferric --help | --version

Common options:
  -c, --config <file>          JSON config file (also $FERRIC_CONFIG); file < environment < flags
      --plugin <specifier>     load a driver plugin (repeatable; adds to "plugins")
      --log-level <level>      fatal|error|warn|info|debug|trace|silent

serve options:
      --host <addr>            listen address (default 127.0.0.1)
  -p, --port <port>            listen port (default 6385)
      --data-dir <dir>         data directory for the SQLite database
      --demo [n]               enrol n fake nodes (default 3) and drive them to "available"

conductor / api options:
      --database-url <url>     postgres://user:password@host:5432/db
      --transport <t>          json-rpc | amqp
      --amqp-url <url>         amqp://user:password@host:5672/vhost
      --name <name>            conductor host name (lock owner / queue name; default: OS host name)
      --group <name>           conductor group
      --rpc-port <port>        conductor JSON-RPC port (default 8089; 0 = ephemeral)
      --host <addr>            api: listen address (default 127.0.0.1)
  -p, --port <port>            api: listen port (default 6385; 0 = ephemeral)

Environment (serve):
${Object.entries(ENV_VARS)
  .map(([k, v]) => `  ${k.padEnd(24)} ${v}`)
  .join('\n')}

Environment (conductor / api):
${Object.entries(CLUSTER_ENV_VARS)
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
      plugin: { type: 'string', multiple: true },
      'database-url': { type: 'string' },
      transport: { type: 'string' },
      'amqp-url': { type: 'string' },
      name: { type: 'string' },
      group: { type: 'string' },
      'rpc-port': { type: 'string' },
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
  if (command === 'conductor' || command === 'api') return runClusterProcess(command, values);
  if (command !== 'serve') {
    process.stderr.write(`ferric: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  const clusterOnly = (
    ['database-url', 'transport', 'amqp-url', 'name', 'group', 'rpc-port'] as const
  ).filter((k) => values[k] !== undefined);
  if (clusterOnly.length) {
    process.stderr.write(`ferric: --${clusterOnly[0]} is an option of "ferric conductor|api", not "serve"\n`);
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
    // --plugin adds to the plugins of the file/environment instead of replacing them.
    if (values.plugin?.length) config = { ...config, plugins: [...config.plugins, ...values.plugin] };
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
    return err instanceof ExtensionConfigError ? 2 : 1;
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

type CliValues = ReturnType<typeof parseCli>['values'];

/** `ferric conductor|api`: one process of a cluster; resolves with the exit code after SIGINT/SIGTERM. */
async function runClusterProcess(command: 'conductor' | 'api', values: CliValues): Promise<number> {
  if (values['data-dir'] !== undefined || values.demo) {
    process.stderr.write(
      `ferric: --${values.demo ? 'demo' : 'data-dir'} is an option of "ferric serve" only\n`,
    );
    return 2;
  }
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
  const o: Record<string, unknown> = {};
  const rpc: Record<string, unknown> = {};
  const api: Record<string, unknown> = {};
  if (values['database-url']) o.database = { url: values['database-url'] };
  if (values.transport) rpc.transport = values.transport;
  if (values['amqp-url']) rpc.amqp = { url: values['amqp-url'] };
  if (values['rpc-port']) rpc.jsonRpc = { port: num(values['rpc-port']) };
  if (Object.keys(rpc).length) o.rpc = rpc;
  if (values.name) o.host = values.name;
  if (values.group !== undefined) o.conductorGroup = values.group;
  if (values.host) api.host = values.host;
  if (values.port) api.port = num(values.port);
  if (Object.keys(api).length) o.api = api;
  if (values['log-level']) o.logLevel = values['log-level'];
  let config: ClusterConfig;
  try {
    config = loadClusterConfig({ ...(values.config ? { file: values.config } : {}), overrides: o });
    if (values.plugin?.length) config = { ...config, plugins: [...config.plugins, ...values.plugin] };
  } catch (err) {
    if (err instanceof InvalidClusterConfig) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const out = (l: string) => process.stdout.write(`${l}\n`);
  let proc: ClusterProcess;
  try {
    if (command === 'conductor') {
      const c = await startConductorProcess(config);
      proc = c;
      out(
        `ferric: conductor ${c.name} ready (db ${redactDatabaseUrl(config.database.url)}, rpc ${config.rpc.transport}${c.rpcAddress ? ` at ${c.rpcAddress}` : ''}, pid ${process.pid})`,
      );
    } else {
      const a = await startApiProcess(config);
      proc = a;
      out(`ferric: api ready at ${a.url} (rpc ${config.rpc.transport}, pid ${process.pid})`);
    }
  } catch (err) {
    process.stderr.write(`ferric: could not start ${command}: ${(err as Error).message}\n`);
    return err instanceof ExtensionConfigError ? 2 : 1;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  out(`ferric: ${command} ${proc.name} shutting down…`);
  await proc.stop();
  return 0;
}
