import {
  DELETE_ALLOWED_STATES,
  INTERFACE_TYPES,
  InvalidParameterValue,
  InvalidState,
  type JsonObject,
  type ProvisionStateName,
  ProvisionState as S,
} from '@ferric/core';
import { DuplicateEntry, NodeInWrongState, NodeProtected } from '../errors.js';
import { emitSafely } from '../events.js';
import type { NodeRecord } from '../model.js';
import type { RpcArgs, RpcResult } from '../rpc/contract.js';
import { assertChassisExists } from './chassis.js';
import type { ServerContext } from './context.js';
import { checkProtectedAndRetired } from './node-rules.js';
import { assertPortPhysnet, resolvePortPortgroup } from './portgroups.js';

/*
 * Node and port writes of the RPC contract. They go through the owning conductor (not straight to the
 * database) so driver/interface changes are validated and node writes take the node's lock.
 */

// State fields only the state machine and power actions may write.
const NOT_WRITABLE = [
  'provisionState',
  'targetProvisionState',
  'reservation',
  'powerState',
  'targetPowerState',
  // Written by their own RPCs (traits, console, RAID) or by the conductor from the hardware.
  'traits',
  'consoleEnabled',
  'raidConfig',
  'targetRaidConfig',
  'bootMode',
  'secureBoot',
  'allocationUuid',
];

// Ironic's UPDATE_ALLOWED_STATES for driver/interface changes (any state while in maintenance).
const DRIVER_UPDATE_ALLOWED: readonly ProvisionStateName[] = [
  S.ENROLL,
  S.MANAGEABLE,
  S.INSPECTING,
  S.INSPECTWAIT,
  S.AVAILABLE,
];

/** RFC 4122 UUID shape (any version), case-insensitive. */
const UUID_SHAPE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * Ironic's `is_valid_node_name`: a name shaped like a UUID is refused, or looking a node up by
 * "uuid or name" could find either of two nodes. @throws InvalidParameterValue
 */
function assertNameNotUuid(name: string, node?: string): void {
  if (!UUID_SHAPE.test(name)) return;
  throw new InvalidParameterValue(
    node
      ? `Node ${node}: Cannot change name to invalid name '${name}'`
      : `Cannot create node with invalid name '${name}'`,
  );
}

/**
 * A BMC address (`*_address` in `driver_info`) must not embed credentials (`https://user:pass@bmc`):
 * they would be shown unmasked and logged; drivers have username/password fields for them. Refused at
 * create and update rather than at the first `manage`. @throws InvalidParameterValue
 */
function assertNoCredentialsInAddresses(driverInfo: JsonObject | undefined): void {
  for (const [key, value] of Object.entries(driverInfo ?? {})) {
    if (!key.endsWith('_address') || typeof value !== 'string' || !value.includes('@')) continue;
    let url: URL;
    try {
      url = new URL(value.includes('://') ? value : `https://${value}`);
    } catch {
      continue; // not a URL: the driver's own validation reports it
    }
    if (url.username || url.password) {
      const field = key.slice(0, -'_address'.length);
      throw new InvalidParameterValue(
        `${key} must not carry credentials; set ${field}_username and ${field}_password instead.`,
      );
    }
  }
}

async function assertFreeName(ctx: ServerContext, name: string, self?: string): Promise<void> {
  const existing = await ctx.nodes.get(name).catch(() => undefined);
  if (existing && existing.uuid !== self)
    throw new DuplicateEntry(`A node with name ${name} already exists.`);
}

/** Creates a node in `enroll` with validated, defaulted interfaces. */
export async function createNode(ctx: ServerContext, req: RpcArgs<'createNode'>): Promise<NodeRecord> {
  ctx.assertRunning();
  const input = { ...req.node };
  if (input.protected)
    throw new InvalidState('A new node is in provision state enroll and can not be made protected.');
  if (input.protectedReason && !input.protected)
    throw new InvalidParameterValue('The protected_reason field can only be set when protected is True');
  if (input.retiredReason && !input.retired)
    throw new InvalidParameterValue('The retired_reason field can only be set when retired is True');
  const selection = ctx.drivers.resolveNodeInterfaces(input);
  for (const type of INTERFACE_TYPES) input[`${type}Interface`] ??= selection[type];
  if (input.name) {
    assertNameNotUuid(input.name);
    await assertFreeName(ctx, input.name);
  }
  assertNoCredentialsInAddresses(input.driverInfo);
  await assertChassisExists(ctx, input.chassisUuid);
  const node = await ctx.nodes.create({
    ...input,
    // A new node starts in `enroll`; clients of API < 1.11 create it `available` (Ironic's
    // initial state then), which the API asks for explicitly.
    provisionState: input.provisionState === S.AVAILABLE ? S.AVAILABLE : S.ENROLL,
    powerState: input.powerState ?? null,
  });
  emitSafely(
    ctx.deps.events,
    'node.created',
    { node: node.uuid, name: node.name, host: ctx.host, requestId: req.requestId ?? null, at: new Date() },
    () => {},
  );
  return node;
}

/** Updates writable node fields under the node's lock. */
export async function updateNode(ctx: ServerContext, req: RpcArgs<'updateNode'>): Promise<NodeRecord> {
  ctx.assertRunning();
  const bad = Object.keys(req.patch).filter((k) => NOT_WRITABLE.includes(k));
  if (bad.length) throw new InvalidParameterValue(`Fields ${bad.join(', ')} cannot be updated directly.`);
  return ctx.tasks.run(
    req.node,
    { purpose: 'node update', requestId: req.requestId ?? null },
    async (task) => {
      const changesDriver =
        req.patch.driver !== undefined || Object.keys(req.patch).some((k) => k.endsWith('Interface'));
      if (changesDriver) {
        if (!DRIVER_UPDATE_ALLOWED.includes(task.node.provisionState) && !task.node.maintenance) {
          throw new NodeInWrongState(
            `Cannot change driver or interfaces of node ${task.node.uuid} in state ${task.node.provisionState}.`,
          );
        }
        // An interface written as null is reset to the (new) hardware type's default.
        const selection = ctx.drivers.resolveNodeInterfaces({ ...task.node, ...req.patch });
        for (const type of INTERFACE_TYPES)
          if (req.patch[`${type}Interface`] === null) req.patch[`${type}Interface`] = selection[type];
      }
      if (req.patch.name) {
        assertNameNotUuid(req.patch.name, task.node.uuid);
        await assertFreeName(ctx, req.patch.name, task.node.uuid);
      }
      if (req.patch.driverInfo) assertNoCredentialsInAddresses(req.patch.driverInfo);
      if (req.patch.chassisUuid) await assertChassisExists(ctx, req.patch.chassisUuid);
      checkProtectedAndRetired(task.node, req.patch);
      Object.assign(task.node, req.patch);
      await task.save('update');
      return task.node;
    },
  );
}

/** Deletes a node in a deletable state (or in maintenance). */
export async function deleteNode(ctx: ServerContext, req: RpcArgs<'deleteNode'>): Promise<void> {
  ctx.assertRunning();
  await ctx.tasks.run(
    req.node,
    { purpose: 'node delete', requestId: req.requestId ?? null },
    async (task) => {
      if (task.node.protected) throw new NodeProtected(task.node.uuid);
      const allowed: ProvisionStateName[] = [...DELETE_ALLOWED_STATES, S.AVAILABLE];
      if (!allowed.includes(task.node.provisionState) && !task.node.maintenance) {
        throw new NodeInWrongState(
          `Can not delete node ${task.node.uuid} while it is in provision state ${task.node.provisionState}.`,
        );
      }
      await ctx.nodes.delete(task.node.uuid);
      // The row (and its reservation) is gone: nothing to release.
      task.abandon();
      emitSafely(
        ctx.deps.events,
        'node.deleted',
        {
          node: task.node.uuid,
          name: task.node.name,
          host: ctx.host,
          requestId: req.requestId ?? null,
          at: new Date(),
        },
        () => {},
      );
    },
  );
}

/**
 * Ironic's Smart NIC rule: a Smart NIC port's `local_link_connection` names the `port_id` and the
 * `hostname` of the NIC. @throws InvalidParameterValue
 */
function assertSmartnicInfo(isSmartnic: boolean | undefined, llc: JsonObject | undefined): void {
  if (!isSmartnic) return;
  if (typeof llc?.port_id !== 'string' || typeof llc?.hostname !== 'string')
    throw new InvalidParameterValue(
      'A Smart NIC port requires "port_id" and "hostname" in its local_link_connection.',
    );
}

/** Creates a port (MAC address unique). */
export async function createPort(
  ctx: ServerContext,
  req: RpcArgs<'createPort'>,
): Promise<RpcResult<'createPort'>> {
  ctx.assertRunning();
  await ctx.nodes.get(req.port.nodeUuid);
  assertSmartnicInfo(req.port.isSmartnic, req.port.localLinkConnection);
  const portgroupUuid = await resolvePortPortgroup(ctx, req.port.portgroupUuid, req.port.nodeUuid);
  const existing = await ctx.deps.ports.list({ address: req.port.address });
  if (existing.items.length)
    throw new DuplicateEntry(`A port with MAC address ${req.port.address} already exists.`);
  await assertPortPhysnet(ctx, { portgroupUuid, physicalNetwork: req.port.physicalNetwork });
  await assertPortNameFree(ctx, req.port.name);
  return ctx.deps.ports.create({ ...req.port, ...(portgroupUuid !== undefined ? { portgroupUuid } : {}) });
}

/** Updates a port (MAC address stays unique). */
export async function updatePort(
  ctx: ServerContext,
  req: RpcArgs<'updatePort'>,
): Promise<RpcResult<'updatePort'>> {
  ctx.assertRunning();
  const port = await ctx.deps.ports.get(req.port);
  assertSmartnicInfo(
    req.patch.isSmartnic ?? port.isSmartnic,
    req.patch.localLinkConnection ?? port.localLinkConnection,
  );
  const patch = { ...req.patch };
  if (patch.portgroupUuid !== undefined || patch.nodeUuid !== undefined) {
    const pg = patch.portgroupUuid !== undefined ? patch.portgroupUuid : port.portgroupUuid;
    const resolved = await resolvePortPortgroup(ctx, pg, patch.nodeUuid ?? port.nodeUuid);
    if (patch.portgroupUuid !== undefined) patch.portgroupUuid = resolved ?? null;
  }
  if (req.patch.address) {
    const clash = (await ctx.deps.ports.list({ address: req.patch.address })).items.find(
      (p) => p.uuid !== port.uuid,
    );
    if (clash) throw new DuplicateEntry(`A port with MAC address ${req.patch.address} already exists.`);
  }
  if (patch.portgroupUuid !== undefined || patch.physicalNetwork !== undefined) {
    await assertPortPhysnet(ctx, {
      uuid: port.uuid,
      portgroupUuid: patch.portgroupUuid !== undefined ? patch.portgroupUuid : port.portgroupUuid,
      physicalNetwork: patch.physicalNetwork !== undefined ? patch.physicalNetwork : port.physicalNetwork,
    });
  }
  await assertPortNameFree(ctx, req.patch.name, port.uuid);
  return ctx.deps.ports.update(port.uuid, patch);
}

/** Port names are unique (API 1.88; Ironic's `PortDuplicateName`, 409). */
async function assertPortNameFree(ctx: ServerContext, name: string | null | undefined, self?: string) {
  if (!name) return;
  const holder = await ctx.deps.ports.get(name).catch(() => undefined);
  if (holder && holder.uuid !== self && holder.name === name)
    throw new DuplicateEntry(`A port with name ${name} already exists.`);
}

/** Deletes a port. */
export async function deletePort(ctx: ServerContext, req: RpcArgs<'deletePort'>): Promise<void> {
  ctx.assertRunning();
  const port = await ctx.deps.ports.get(req.port);
  await ctx.deps.ports.delete(port.uuid);
}
