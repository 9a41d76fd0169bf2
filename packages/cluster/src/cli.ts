import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { redactDatabaseUrl } from '@ferric/conductor';
import { CLUSTER_ENV_VARS, type ClusterConfig, InvalidClusterConfig, loadClusterConfig } from './config.js';
import { type ClusterProcess, startApiProcess, startConductorProcess } from './processes.js';

const HELP = `ferric-cluster — Ferric as separate conductor and API processes (PostgreSQL + JSON-RPC or AMQP)

Usage:
  ferric-cluster conductor [options]   run one conductor (any number, each with its own --host)
  ferric-cluster api [options]         run one API process (any number)
  ferric-cluster --help

Options:
  -c, --config <file>          JSON config file (also $FERRIC_CONFIG)
      --database-url <url>     postgres://user:password@host:5432/db
      --transport <t>          json-rpc | amqp
      --amqp-url <url>         amqp://user:password@host:5672/vhost
      --host <name>            conductor host name (lock owner / queue name)
      --group <name>           conductor group
      --rpc-port <port>        conductor JSON-RPC port (default 8089; 0 = ephemeral)
      --api-port <port>        API port (default 6385; 0 = ephemeral)
      --log-level <level>      fatal|error|warn|info|debug|trace|silent

Environment:
${Object.entries(CLUSTER_ENV_VARS)
  .map(([k, v]) => `  ${k.padEnd(24)} ${v}`)
  .join('\n')}
`;

function parseCli(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      config: { type: 'string', short: 'c' },
      'database-url': { type: 'string' },
      transport: { type: 'string' },
      'amqp-url': { type: 'string' },
      host: { type: 'string' },
      group: { type: 'string' },
      'rpc-port': { type: 'string' },
      'api-port': { type: 'string' },
      'log-level': { type: 'string' },
    },
  });
}

/** Runs `ferric-cluster`; resolves with the exit code (after SIGINT/SIGTERM for the processes). @public */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (err) {
    process.stderr.write(`ferric-cluster: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (command !== 'conductor' && command !== 'api') {
    process.stderr.write(`ferric-cluster: unknown command "${command}"\n\n${HELP}`);
    return 2;
  }
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
  const o: Record<string, unknown> = {};
  const rpc: Record<string, unknown> = {};
  if (values['database-url']) o.database = { url: values['database-url'] };
  if (values.transport) rpc.transport = values.transport;
  if (values['amqp-url']) rpc.amqp = { url: values['amqp-url'] };
  if (values['rpc-port']) rpc.jsonRpc = { port: num(values['rpc-port']) };
  if (Object.keys(rpc).length) o.rpc = rpc;
  if (values.host) o.host = values.host;
  if (values.group !== undefined) o.conductorGroup = values.group;
  if (values['api-port']) o.api = { port: num(values['api-port']) };
  if (values['log-level']) o.logLevel = values['log-level'];
  let config: ClusterConfig;
  try {
    config = loadClusterConfig({ ...(values.config ? { file: values.config } : {}), overrides: o });
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
        `ferric-cluster: conductor ${c.name} ready (db ${redactDatabaseUrl(config.database.url)}, rpc ${config.rpc.transport}${c.rpcAddress ? ` at ${c.rpcAddress}` : ''}, pid ${process.pid})`,
      );
    } else {
      const a = await startApiProcess(config);
      proc = a;
      out(`ferric-cluster: api ready at ${a.url} (rpc ${config.rpc.transport}, pid ${process.pid})`);
    }
  } catch (err) {
    process.stderr.write(`ferric-cluster: could not start ${command}: ${(err as Error).message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  out(`ferric-cluster: ${command} ${proc.name} shutting down…`);
  await proc.stop();
  return 0;
}
