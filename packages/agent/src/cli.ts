#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { buildAgentRamdisk } from './builder/build-ramdisk.js';

const HELP = `ferric-agent — Ferric's deploy agent ramdisk

Usage:
  ferric-agent build --out DIR [--kernel-root DIR] [--cache DIR] [--busybox FILE]

Builds DIR/agent.kernel and DIR/agent.initramfs from Debian's linux-image-cloud-amd64 (fetched with
apt-get download + dpkg-deb -x, or an unpacked package root given with --kernel-root) and
busybox-static. Point driver_info deploy_kernel/deploy_ramdisk (or configureBoot's defaults) at them.
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'kernel-root': { type: 'string' },
      cache: { type: 'string' },
      busybox: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals[0] !== 'build' || !values.out) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const r = await buildAgentRamdisk({
    outDir: values.out,
    ...(values['kernel-root'] ? { kernelRoot: values['kernel-root'] } : {}),
    ...(values.cache ? { cacheDir: values.cache } : {}),
    ...(values.busybox ? { busybox: values.busybox } : {}),
  });
  process.stdout.write(
    `kernel    ${r.kernel} (${r.kernelVersion})\ninitramfs ${r.initramfs}\nsha256    ${r.sha256}\nmodules   ${r.modules.join(' ')}\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ferric-agent: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
