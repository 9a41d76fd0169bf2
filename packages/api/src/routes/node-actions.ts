import type { ProvisionVerb, RequestedStep } from '@ferric/conductor';
import {
  type BootDeviceName,
  type HttpMethod,
  type InterfaceType,
  type PowerTarget,
  PROVISION_MACHINE,
  ProvisionState,
  VERBS,
} from '@ferric/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accepted, type RouteContext, requestId, requireVersion, viewContext } from '../context.js';
import { badRequest } from '../errors.js';
import {
  bootDeviceBody,
  maintenanceBody,
  nodeIdentParams,
  passthruQuery,
  powerBody,
  provisionBody,
} from '../schemas.js';
import { isoTime } from '../util.js';
import { showLegacyStateNames } from '../views/node.js';

type P = { Params: { node_ident: string } };

/** Minimum microversion of each provision verb (openstacksdk `_common.py`, Ironic `node.py`). */
const VERB_VERSIONS: Record<string, number> = {
  manage: 4,
  provide: 4,
  inspect: 6,
  abort: 13,
  clean: 15,
  adopt: 17,
  rescue: 38,
  unrescue: 38,
  deploy: 73,
  undeploy: 73,
};

/**
 * Verbs and states whose version gate Ironic applies only once the state machine accepts the verb
 * (an impossible transition stays a 400 at any version): `unhold` (1.85), `service` (1.87) and
 * `abort` in `wait call-back` (1.110).
 */
function stateGatedVersion(verb: string, state: string): number | undefined {
  if (verb === 'unhold') return 85;
  if (verb === 'service') return 87;
  if (verb === 'abort' && state === ProvisionState.DEPLOYWAIT) return 110;
  return undefined;
}

interface ProvisionBody {
  target: ProvisionVerb;
  configdrive?: string | Record<string, unknown> | null;
  clean_steps?: RequestedStep[];
  deploy_steps?: RequestedStep[];
  rescue_password?: string;
  disable_ramdisk?: boolean;
  service_steps?: RequestedStep[];
}

/** `/states`, power, provision, boot device, validate, maintenance, vendor passthru. */
export function registerNodeActionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;
  const node = async (request: FastifyRequest<P>) =>
    (await inventory.locateNode(request.params.node_ident)).uuid;
  const statesUrl = (request: FastifyRequest, uuid: string) =>
    `${viewContext(ctx, request).base}/v1/nodes/${uuid}/states`;

  app.get<P>(
    '/v1/nodes/:node_ident/states',
    { schema: { params: nodeIdentParams, summary: 'Node states', tags: ['nodes'] } },
    async (request) => {
      const n = await inventory.getNode(request.params.node_ident);
      const out: Record<string, unknown> = {
        console_enabled: n.consoleEnabled,
        last_error: n.lastError,
        power_state: n.powerState,
        provision_state: n.provisionState,
        provision_updated_at: isoTime(n.provisionUpdatedAt),
        target_power_state: n.targetPowerState,
        target_provision_state: n.targetProvisionState,
      };
      if (request.apiMinor >= 12) {
        out.raid_config = n.raidConfig;
        out.target_raid_config = n.targetRaidConfig;
      }
      if (request.apiMinor >= 75) {
        out.boot_mode = n.bootMode;
        out.secure_boot = n.secureBoot;
      }
      if (request.apiMinor >= 14) out.links = [{ href: statesUrl(request, n.uuid), rel: 'self' }];
      if (request.apiMinor < 39) showLegacyStateNames(out, request.apiMinor);
      return out;
    },
  );

  app.put<P & { Body: { target: PowerTarget; timeout?: number } }>(
    '/v1/nodes/:node_ident/states/power',
    {
      schema: {
        params: nodeIdentParams,
        body: powerBody,
        summary: 'Change the power state',
        tags: ['nodes'],
      },
    },
    async (request, reply) => {
      const { target, timeout } = request.body;
      if (target.startsWith('soft')) requireVersion(request, 27, `Power target "${target}"`);
      if (timeout !== undefined) requireVersion(request, 27, 'A power timeout');
      const uuid = await node(request);
      await rpc.changeNodePowerState({
        requestId: requestId(request),
        node: uuid,
        target,
        ...(timeout !== undefined ? { timeout } : {}),
      });
      return accepted(reply, statesUrl(request, uuid));
    },
  );

  app.put<P & { Body: ProvisionBody }>(
    '/v1/nodes/:node_ident/states/provision',
    {
      schema: {
        params: nodeIdentParams,
        body: provisionBody,
        summary: 'Run a provision action',
        tags: ['nodes'],
      },
    },
    async (request, reply) => {
      const b = request.body;
      const verb = b.target;
      const need = VERB_VERSIONS[verb];
      if (need) requireVersion(request, need, `Provision target "${verb}"`);
      const deployLike = verb === 'active' || verb === 'deploy' || verb === 'rebuild';
      if (b.configdrive !== undefined && b.configdrive !== null) {
        if (!deployLike)
          throw badRequest(
            'Adding a config drive is only supported when setting provision state to active, deploy or rebuild.',
          );
        if (verb === 'rebuild') requireVersion(request, 35, 'A config drive on rebuild');
        if (typeof b.configdrive === 'object') requireVersion(request, 56, 'A config drive as a dictionary');
      }
      if (b.clean_steps !== undefined && verb !== 'clean')
        throw badRequest('"clean_steps" is only valid when setting target provision state to clean');
      if (verb === 'clean' && !b.clean_steps?.length)
        throw badRequest('"clean_steps" is required when setting target provision state to clean');
      if (b.deploy_steps !== undefined) {
        requireVersion(request, 69, 'Deploy steps');
        if (!deployLike)
          throw badRequest(
            '"deploy_steps" is only valid when setting target provision state to active, deploy or rebuild',
          );
      }
      if (b.rescue_password !== undefined && verb !== 'rescue')
        throw badRequest('"rescue_password" is only valid when setting target provision state to rescue');
      if (verb === 'rescue' && !b.rescue_password)
        throw badRequest(
          'A non-empty "rescue_password" is required when setting target provision state to rescue',
        );
      if (b.disable_ramdisk !== undefined) {
        if (verb === 'clean') requireVersion(request, 70, '"disable_ramdisk"');
        else if (verb === 'service') requireVersion(request, 108, '"disable_ramdisk" for servicing');
        else throw badRequest('disable_ramdisk is supported only with manual cleaning or servicing');
      }
      if (b.service_steps !== undefined && verb !== 'service')
        throw badRequest('"service_steps" is only valid when setting target provision state to service');
      const located = await inventory.getNode(request.params.node_ident);
      const uuid = located.uuid;
      const gated = stateGatedVersion(verb, located.provisionState);
      if (gated !== undefined) {
        const event = VERBS[verb];
        const machine = PROVISION_MACHINE.transitions[located.provisionState];
        if (event !== undefined && machine?.[event] !== undefined)
          requireVersion(request, gated, `Provision target "${verb}" in state "${located.provisionState}"`);
      }
      if (verb === 'service' && !b.service_steps?.length)
        throw badRequest('"service_steps" is required when setting target provision state to service');
      await rpc.doProvisioningAction({
        requestId: requestId(request),
        node: uuid,
        verb,
        ...(b.configdrive !== undefined && b.configdrive !== null ? { configdrive: b.configdrive } : {}),
        ...(b.clean_steps ? { cleanSteps: b.clean_steps } : {}),
        ...(b.deploy_steps ? { deploySteps: b.deploy_steps } : {}),
        ...(b.service_steps ? { serviceSteps: b.service_steps } : {}),
        ...(b.rescue_password ? { rescuePassword: b.rescue_password } : {}),
        ...(b.disable_ramdisk ? { disableRamdisk: true } : {}),
      });
      return accepted(reply, statesUrl(request, uuid));
    },
  );

  app.get<P>(
    '/v1/nodes/:node_ident/management/boot_device',
    { schema: { params: nodeIdentParams, summary: 'Current boot device', tags: ['nodes'] } },
    async (request) => {
      const info = await rpc.getBootDevice({ requestId: requestId(request), node: await node(request) });
      return { boot_device: info.bootDevice ?? null, persistent: info.persistent ?? null };
    },
  );
  app.put<P & { Body: { boot_device: BootDeviceName; persistent?: boolean } }>(
    '/v1/nodes/:node_ident/management/boot_device',
    {
      schema: {
        params: nodeIdentParams,
        body: bootDeviceBody,
        summary: 'Set the boot device',
        tags: ['nodes'],
      },
    },
    async (request, reply) => {
      await rpc.setBootDevice({
        requestId: requestId(request),
        node: await node(request),
        device: request.body.boot_device,
        persistent: request.body.persistent ?? false,
      });
      return reply.code(204).send();
    },
  );
  app.get<P>(
    '/v1/nodes/:node_ident/management/boot_device/supported',
    { schema: { params: nodeIdentParams, summary: 'Supported boot devices', tags: ['nodes'] } },
    async (request) => ({
      supported_boot_devices: await rpc.getSupportedBootDevices({
        requestId: requestId(request),
        node: await node(request),
      }),
    }),
  );

  app.get<P>(
    '/v1/nodes/:node_ident/validate',
    { schema: { params: nodeIdentParams, summary: 'Validate the driver interfaces', tags: ['nodes'] } },
    async (request) => {
      const result = await rpc.validateDriverInterfaces({
        requestId: requestId(request),
        node: await node(request),
      });
      const out: Record<string, { result: boolean; reason?: string }> = {};
      for (const [iface, v] of Object.entries(result) as [
        InterfaceType,
        { result: boolean; reason: string | null },
      ][]) {
        if (iface === 'firmware' && request.apiMinor < 86) continue;
        out[iface] = v.result ? { result: true } : { result: false, reason: v.reason ?? 'validation failed' };
      }
      return out;
    },
  );

  app.put<P & { Body: { reason?: string | null } | null }>(
    '/v1/nodes/:node_ident/maintenance',
    {
      schema: {
        params: nodeIdentParams,
        body: maintenanceBody,
        summary: 'Enter maintenance',
        tags: ['nodes'],
      },
    },
    async (request, reply) => {
      const reason = request.body?.reason ?? null;
      await rpc.setMaintenance({
        requestId: requestId(request),
        node: await node(request),
        maintenance: true,
        reason,
      });
      return reply.code(202).send();
    },
  );
  app.delete<P>(
    '/v1/nodes/:node_ident/maintenance',
    { schema: { params: nodeIdentParams, summary: 'Leave maintenance', tags: ['nodes'] } },
    async (request, reply) => {
      await rpc.setMaintenance({
        requestId: requestId(request),
        node: await node(request),
        maintenance: false,
        reason: null,
      });
      return reply.code(202).send();
    },
  );

  app.get<P>(
    '/v1/nodes/:node_ident/vendor_passthru/methods',
    { schema: { params: nodeIdentParams, summary: 'Node vendor methods', tags: ['nodes'] } },
    async (request) =>
      rpc.getNodeVendorPassthruMethods({ requestId: requestId(request), node: await node(request) }),
  );
  app.route<P & { Querystring: { method: string }; Body: unknown }>({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1/nodes/:node_ident/vendor_passthru',
    schema: {
      params: nodeIdentParams,
      querystring: passthruQuery,
      summary: 'Call a node vendor method',
      tags: ['nodes'],
    },
    handler: async (request, reply) => {
      const args = passthruArgs(request.body);
      const result = await rpc.vendorPassthru({
        requestId: requestId(request),
        node: await node(request),
        method: request.query.method,
        httpMethod: request.method as HttpMethod,
        ...(args ? { args } : {}),
      });
      return sendPassthru(reply, result);
    },
  });
}

/** Vendor passthru arguments must be a JSON object (or absent). */
export function passthruArgs(body: unknown): Record<string, unknown> | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest('Vendor passthru arguments must be a JSON object.');
  return body as Record<string, unknown>;
}

/** Ironic answers 202 for asynchronous methods and 200 with the return value otherwise. */
export function sendPassthru(
  reply: FastifyReply,
  result: { async: boolean; return?: unknown },
): FastifyReply {
  if (result.async) return reply.code(202).send();
  return reply.code(200).send(result.return === undefined ? null : result.return);
}
