import { hostname } from 'node:os';
import { z } from 'zod';
import { InvalidConductorConfig } from './errors.js';

const seconds = (def: number) => z.number().positive().finite().default(def);

const INTERFACES = [
  'Bios',
  'Boot',
  'Console',
  'Deploy',
  'Firmware',
  'Inspect',
  'Management',
  'Network',
  'Power',
  'Raid',
  'Rescue',
  'Storage',
  'Vendor',
] as const;

type InterfaceOptionShape = {
  [K in (typeof INTERFACES)[number] as `enabled${K}Interfaces`]: z.ZodOptional<z.ZodArray<z.ZodString>>;
} & { [K in (typeof INTERFACES)[number] as `default${K}Interface`]: z.ZodOptional<z.ZodString> };

/** `enabled<Iface>Interfaces` (unset = every registered implementation) and `default<Iface>Interface`. */
const interfaceOptions = Object.fromEntries(
  INTERFACES.flatMap((i) => [
    [`enabled${i}Interfaces`, z.array(z.string().min(1)).optional()],
    [`default${i}Interface`, z.string().min(1).optional()],
  ]),
) as InterfaceOptionShape;

/**
 * Zod schema of the conductor configuration. Every duration is in **seconds** (fractions allowed, so tests
 * can use short intervals); names follow Ironic's `[conductor]` options in camelCase.
 */
export const conductorConfigSchema = z
  .object({
    /** Host name this conductor registers under (RPC address, lock owner). Default: the OS host name. */
    host: z.string().min(1).default(hostname()),
    /** Conductor group; nodes with the same `conductor_group` are served by it (case-insensitive). */
    conductorGroup: z.string().default(''),
    /** Hardware types enabled on this conductor (must be registered in the driver registry). */
    enabledHardwareTypes: z.array(z.string().min(1)).min(1).default(['fake-hardware', 'manual-management']),
    ...interfaceOptions,
    /** Seconds between keepalive updates of this conductor's row. */
    heartbeatInterval: seconds(10),
    /** A conductor whose row is older than this many seconds is considered dead. */
    heartbeatTimeout: seconds(60),
    /** Seconds a cached hash ring is reused before it is rebuilt from the database. */
    hashRingResetInterval: seconds(15),
    /** Size of the one worker pool shared by node work and periodics (Ironic: min 3). */
    workersPoolSize: z.number().int().min(3, 'workersPoolSize must be at least 3').default(100),
    /** Share of the pool (percent) kept for API-initiated work. */
    reservedWorkersPoolPercentage: z.number().min(0).max(50).default(5),
    /** Extra attempts to take a node lock before `NodeLocked` is raised. */
    nodeLockedRetryAttempts: z.number().int().min(0).default(3),
    /** Seconds between two lock attempts. */
    nodeLockedRetryInterval: seconds(1),
    /** Seconds between power-state sync runs. */
    syncPowerStateInterval: seconds(120),
    /** Nodes synced in parallel by one power-sync run. */
    syncPowerStateWorkers: z.number().int().min(1).default(8),
    /** Push the recorded power state to the hardware when they diverge (else record the hardware's). */
    forcePowerStateDuringSync: z.boolean().default(true),
    /** Consecutive power-sync failures before a node goes into maintenance with fault `power failure`. */
    powerStateSyncMaxRetries: z.number().int().min(1).default(3),
    /** Seconds between attempts to recover nodes in maintenance for `power failure`. */
    powerFailureRecoveryInterval: seconds(300),
    /** Seconds between `*wait` timeout and orphan checks. */
    checkProvisionStateInterval: seconds(60),
    /** Seconds between take-over checks of active nodes newly mapped here. */
    syncLocalStateInterval: seconds(180),
    /** Seconds a node may sit in `wait call-back` before it fails. */
    deployCallbackTimeout: seconds(1800),
    /** Seconds a node may sit in `clean wait` before it fails. */
    cleanCallbackTimeout: seconds(1800),
    /** Seconds a node may sit in `inspect wait` before it fails. */
    inspectWaitTimeout: seconds(1800),
    /** Seconds a node may sit in `rescue wait` before it fails. */
    rescueCallbackTimeout: seconds(1800),
    /** Seconds a node may sit in `service wait` before it fails. */
    serviceCallbackTimeout: seconds(1800),
    /**
     * Nodes that may be deploying (`deploying`, `wait call-back`) at once across the cluster; more
     * deploy requests fail with `ConcurrentActionLimit` (503).
     */
    maxConcurrentDeploy: z.number().int().min(1).default(250),
    /** Nodes that may be cleaning or tearing down at once across the cluster (as above). */
    maxConcurrentClean: z.number().int().min(1).default(50),
    /** Run automated cleaning on `provide` and after undeploy. */
    automatedClean: z.boolean().default(true),
    /** Seconds a graceful stop waits for running jobs before handing them back. */
    gracefulShutdownTimeout: seconds(60),
  })
  .strict()
  .refine((c) => c.heartbeatTimeout > c.heartbeatInterval, {
    message: 'heartbeatTimeout must be greater than heartbeatInterval',
    path: ['heartbeatTimeout'],
  });

/** Validated, fully-defaulted conductor configuration. */
export type ConductorConfig = z.output<typeof conductorConfigSchema>;

/** Conductor configuration as an integrator writes it: every field optional. */
export type ConductorConfigInput = z.input<typeof conductorConfigSchema>;

/**
 * Validates a configuration and fills in defaults.
 *
 * @throws InvalidConductorConfig listing every problem as `path: message`.
 */
export function parseConductorConfig(input: ConductorConfigInput = {}): ConductorConfig {
  const result = conductorConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new InvalidConductorConfig(problems);
}
