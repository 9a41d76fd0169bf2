#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { configureBoot } from './config.js';
import { startBootServices } from './services.js';

/*
 * ferric-boot-services: run Ferric's TFTP server and boot HTTP file service alone.
 *   ferric-boot-services --data-dir /var/lib/ferric/boot --host 0.0.0.0 --tftp-port 69 --http-port 8088
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'tftp-root': { type: 'string' },
    'http-root': { type: 'string' },
    host: { type: 'string', default: '0.0.0.0' },
    'tftp-port': { type: 'string', default: '69' },
    'http-port': { type: 'string', default: '8088' },
    'no-tftp': { type: 'boolean', default: false },
    'no-http': { type: 'boolean', default: false },
  },
});
const config = configureBoot({
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  ...(values['tftp-root'] ? { tftpRoot: values['tftp-root'] } : {}),
  ...(values['http-root'] ? { httpRoot: values['http-root'] } : {}),
});
const line = (level: string) => (context: unknown, message?: string) =>
  console.log(
    JSON.stringify({ level, msg: message ?? context, ...(typeof context === 'object' ? context : {}) }),
  );
const logger = {
  debug: line('debug'),
  info: line('info'),
  warn: line('warn'),
  error: line('error'),
  child: () => logger,
};
const services = await startBootServices({
  host: values.host,
  tftpPort: values['no-tftp'] ? false : Number(values['tftp-port']),
  httpPort: values['no-http'] ? false : Number(values['http-port']),
  logger,
});
console.log(
  `ferric-boot-services: TFTP ${services.tftp ? `${values.host}:${services.tftp.address().port} → ${config.tftpRoot}` : 'off'}, ` +
    `HTTP ${services.http ? `${services.http.url} → ${config.httpRoot}` : 'off'}`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void services.stop().then(() => process.exit(0));
  });
}
