import { z } from 'zod';

const port = z.number().int().min(0).max(65535);
const path = z.string().min(1);

/**
 * `plugins`: module specifiers of driver plugins (package names, or file paths relative to the
 * working directory), each default-exporting a `FerricPlugin` (or exporting it as `plugin`).
 * @public
 */
export const pluginsConfigSchema = z
  .array(z.string().min(1, 'a plugin specifier must not be empty'))
  .default([]);

/**
 * `boot`: the process-wide boot settings handed to `@ferric/boot-common`'s `configureBoot`
 * (the JSON-expressible keys), plus `dnsmasq` (a `DnsmasqDhcpProvider`) and `services` (start the
 * TFTP/HTTP boot services in this process).
 * @public
 */
export const bootConfigSchema = z
  .object({
    dataDir: path.optional(),
    tftpRoot: path.optional(),
    httpRoot: path.optional(),
    imageCacheDir: path.optional(),
    /** What nodes reach the HTTP root at (Ironic `[deploy]http_url`). */
    httpUrl: z.url().optional(),
    tftpServer: z.string().min(1).optional(),
    kernelAppendParams: z.string().optional(),
    defaultBootMode: z.enum(['bios', 'uefi']).optional(),
    deployKernel: path.optional(),
    deployRamdisk: path.optional(),
    rescueKernel: path.optional(),
    rescueRamdisk: path.optional(),
    fileLeaseSeconds: z.number().int().positive().optional(),
    syslinuxDirs: z.array(path).optional(),
    ipxeDirs: z.array(path).optional(),
    grubEfiFiles: z.array(path).optional(),
    /** Tell dnsmasq the boot options of each port through these directories. */
    dnsmasq: z.object({ hostsDir: path, optsDir: path }).strict().optional(),
    /** Start the boot services (TFTP and/or HTTP file service) in this process. */
    services: z
      .object({
        host: z.string().min(1).default('0.0.0.0'),
        /** TFTP port, or `false` for none (dnsmasq/tftpd-hpa serves the TFTP root). */
        tftpPort: z.union([port, z.literal(false)]).default(69),
        /** HTTP port, or `false` for none (nginx serves the HTTP root). */
        httpPort: z.union([port, z.literal(false)]).default(8088),
        sweepIntervalSeconds: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * `agent`: settings of the agent-driven interfaces handed to `@ferric/agent`'s `configureAgent`.
 * @public
 */
export const agentConfigSchema = z
  .object({
    /** The API URL as the ramdisk reaches it (`ipa-api-url`). */
    apiUrl: z.url().optional(),
    /** Where the agent posts inspection data. Default `<apiUrl>/v1/continue_inspection`. */
    inspectionCallbackUrl: z.url().optional(),
    heartbeatInterval: z.number().positive().optional(),
    agentPort: port.optional(),
    commandTimeoutMs: z.number().int().positive().optional(),
    maxCommandAttempts: z.number().int().min(1).optional(),
    extraKernelParams: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/** Validated `boot` section. @public */
export type BootSection = z.output<typeof bootConfigSchema>;
/** Validated `agent` section. @public */
export type AgentSection = z.output<typeof agentConfigSchema>;
