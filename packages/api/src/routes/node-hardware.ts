import type { BootModeName, IndicatorState, JsonObject } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  accepted,
  type RouteContext,
  requestId,
  requireVersion,
  requireVersionOr404,
  viewContext,
} from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { parseDetail, parseFields } from '../listing.js';
import {
  bootModeBody,
  consoleBody,
  fieldsQuery,
  indicatorBody,
  nodeIdentParams,
  nodeSubParams,
  raidBody,
  secureBootBody,
  vifBody,
} from '../schemas.js';
import { resourceLinks } from '../util.js';

type P = { Params: { node_ident: string } };
type S = { Params: { node_ident: string; id: string } };

/** Fields of a BIOS setting (1.74 adds the registry fields; Ferric knows no registry: `null`). */
const BIOS_REGISTRY_FIELDS = [
  'attribute_type',
  'allowable_values',
  'lower_bound',
  'max_length',
  'min_length',
  'read_only',
  'reset_required',
  'unique',
  'upper_bound',
];

/** BIOS settings a driver cached: `bios_settings` (redfish), else the fake driver's `fake_bios`. */
function cachedBios(info: JsonObject): Record<string, unknown> {
  const v = info.bios_settings ?? info.fake_bios;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/**
 * Console (`/states/console`), target RAID (`/states/raid`, 1.12), VIFs (1.28), NMI (1.29), BIOS
 * settings (1.40) and indicators (1.63): thin adapters over the conductor's RPCs and cached data.
 */
export function registerNodeHardwareRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;
  const uuidOf = async (request: FastifyRequest<{ Params: { node_ident: string } }>, minor = 1) => {
    requireVersionOr404(request, minor);
    return (await inventory.getNode(request.params.node_ident)).uuid;
  };
  const base = (request: FastifyRequest) => viewContext(ctx, request).base;

  // --- console. Ironic also routes `/v1/nodes/states/console/{id}` here (its `states` controller
  // takes the node as a positional argument, wherever it appears); clients rely on that.
  for (const path of ['/v1/nodes/:node_ident/states/console', '/v1/nodes/states/console/:node_ident']) {
    app.get<P>(
      path,
      { schema: { params: nodeIdentParams, summary: 'Console state and connection', tags: ['nodes'] } },
      async (request) => {
        const c = await rpc.getConsoleInformation({
          requestId: requestId(request),
          node: await uuidOf(request),
        });
        return { console_enabled: c.enabled, console_info: c.info };
      },
    );
    app.put<P & { Body: { enabled: boolean } }>(
      path,
      {
        schema: {
          params: nodeIdentParams,
          body: consoleBody,
          summary: 'Start or stop the console',
          tags: ['nodes'],
        },
      },
      async (request, reply) => {
        const node = await uuidOf(request);
        await rpc.setConsoleMode({ requestId: requestId(request), node, enabled: request.body.enabled });
        return accepted(reply, `${base(request)}/v1/nodes/${node}/states/console`);
      },
    );
  }

  // --- boot mode and secure boot (1.76)
  app.put<P & { Body: { target: BootModeName } }>(
    '/v1/nodes/:node_ident/states/boot_mode',
    {
      schema: {
        params: nodeIdentParams,
        body: bootModeBody,
        summary: 'Change the boot mode',
        tags: ['nodes'],
      },
    },
    async (request, reply) => {
      const node = await uuidOf(request, 76);
      await rpc.setBootMode({ requestId: requestId(request), node, mode: request.body.target });
      return accepted(reply, `${base(request)}/v1/nodes/${node}/states`);
    },
  );
  app.put<P & { Body: { target: boolean } }>(
    '/v1/nodes/:node_ident/states/secure_boot',
    {
      schema: {
        params: nodeIdentParams,
        body: secureBootBody,
        summary: 'Turn UEFI secure boot on or off',
        tags: ['nodes'],
      },
    },
    async (request, reply) => {
      const node = await uuidOf(request, 76);
      await rpc.setSecureBootState({ requestId: requestId(request), node, enabled: request.body.target });
      return accepted(reply, `${base(request)}/v1/nodes/${node}/states`);
    },
  );

  // --- RAID (1.12)
  app.put<P & { Body: JsonObject }>(
    '/v1/nodes/:node_ident/states/raid',
    {
      schema: {
        params: nodeIdentParams,
        body: raidBody,
        summary: 'Set the target RAID configuration',
        tags: ['nodes'],
      },
    },
    async (request, reply) => {
      const node = await uuidOf(request, 12);
      await rpc.setTargetRaidConfig({ requestId: requestId(request), node, targetRaidConfig: request.body });
      return reply.code(204).send();
    },
  );

  // --- NMI (1.29)
  app.put<P>(
    '/v1/nodes/:node_ident/management/inject_nmi',
    { schema: { params: nodeIdentParams, summary: 'Inject an NMI', tags: ['nodes'] } },
    async (request, reply) => {
      const node = await uuidOf(request, 29);
      await rpc.injectNmi({ requestId: requestId(request), node });
      return reply.code(204).send();
    },
  );

  // --- VIFs (1.28)
  app.get<P>(
    '/v1/nodes/:node_ident/vifs',
    { schema: { params: nodeIdentParams, summary: 'Attached VIFs', tags: ['nodes'] } },
    async (request) => {
      const vifs = await rpc.vifList({ requestId: requestId(request), node: await uuidOf(request, 28) });
      return { vifs: vifs.map((v) => ({ id: v.id })) };
    },
  );
  app.post<P & { Body: { id: string } & Record<string, unknown> }>(
    '/v1/nodes/:node_ident/vifs',
    { schema: { params: nodeIdentParams, body: vifBody, summary: 'Attach a VIF', tags: ['nodes'] } },
    async (request, reply) => {
      const node = await uuidOf(request, 28);
      await rpc.vifAttach({ requestId: requestId(request), node, vif: request.body });
      return reply.code(204).send();
    },
  );
  app.delete<S>(
    '/v1/nodes/:node_ident/vifs/:id',
    { schema: { params: nodeSubParams, summary: 'Detach a VIF', tags: ['nodes'] } },
    async (request, reply) => {
      const node = await uuidOf(request, 28);
      await rpc.vifDetach({ requestId: requestId(request), node, vifId: request.params.id });
      return reply.code(204).send();
    },
  );

  // --- BIOS settings (1.40), from what the bios interface cached
  const biosSetting = (
    request: FastifyRequest,
    node: { uuid: string; updatedAt: Date | null; createdAt: Date },
    name: string,
    value: unknown,
    fields: readonly string[],
  ) => {
    const all: Record<string, unknown> = {
      name,
      value:
        value === null || value === undefined
          ? null
          : typeof value === 'string'
            ? value
            : JSON.stringify(value),
      created_at: null,
      updated_at: null,
      links: resourceLinks(base(request), `nodes/${node.uuid}/bios/${encodeURIComponent(name)}`),
    };
    if (request.apiMinor >= 74) for (const f of BIOS_REGISTRY_FIELDS) all[f] = null;
    const out: Record<string, unknown> = {};
    for (const f of fields) if (f in all) out[f] = all[f];
    return out;
  };
  app.get<P & { Querystring: { detail?: string; fields?: string } }>(
    '/v1/nodes/:node_ident/bios',
    {
      schema: {
        params: nodeIdentParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            detail: { type: 'string', maxLength: 8 },
            fields: { type: 'string', maxLength: 2048 },
          },
        },
        summary: 'BIOS settings',
        tags: ['nodes'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 40);
      const node = await inventory.getNode(request.params.node_ident);
      const allFields = [
        'name',
        'value',
        'created_at',
        'updated_at',
        'links',
        ...(request.apiMinor >= 74 ? BIOS_REGISTRY_FIELDS : []),
      ];
      const fields = parseFields(request.query.fields, allFields, request.apiMinor);
      if (request.query.detail !== undefined) requireVersion(request, 74, 'The "detail" parameter');
      const detail = parseDetail(request.query.detail, fields, request.apiMinor);
      const shown = fields ?? (detail ? allFields : ['name', 'value', 'links']);
      const settings = cachedBios(node.driverInternalInfo);
      return {
        bios: Object.keys(settings)
          .sort()
          .map((name) => biosSetting(request, node, name, settings[name], shown)),
      };
    },
  );
  app.get<S & { Querystring: { fields?: string } }>(
    '/v1/nodes/:node_ident/bios/:id',
    {
      schema: {
        params: nodeSubParams,
        querystring: fieldsQuery,
        summary: 'One BIOS setting',
        tags: ['nodes'],
      },
    },
    async (request) => {
      requireVersionOr404(request, 40);
      const node = await inventory.getNode(request.params.node_ident);
      const settings = cachedBios(node.driverInternalInfo);
      const name = request.params.id;
      if (!Object.hasOwn(settings, name))
        throw notFound(`Node ${node.uuid} doesn't have a BIOS setting '${name}'`);
      const allFields = [
        'name',
        'value',
        'created_at',
        'updated_at',
        'links',
        ...(request.apiMinor >= 74 ? BIOS_REGISTRY_FIELDS : []),
      ];
      return { [name]: biosSetting(request, node, name, settings[name], allFields) };
    },
  );

  // --- indicators (1.63)
  app.get<P>(
    '/v1/nodes/:node_ident/management/indicators',
    { schema: { params: nodeIdentParams, summary: 'Indicator components', tags: ['nodes'] } },
    async (request) => {
      const node = await uuidOf(request, 63);
      const supported = await rpc.getSupportedIndicators({ requestId: requestId(request), node });
      return {
        components: Object.keys(supported).map((name) => ({
          name,
          links: resourceLinks(base(request), `nodes/${node}/management/indicators/${name}`),
        })),
      };
    },
  );
  app.get<S>(
    '/v1/nodes/:node_ident/management/indicators/:id',
    {
      schema: {
        params: nodeSubParams,
        summary: 'Indicators of a component, or one indicator state',
        tags: ['nodes'],
      },
    },
    async (request) => {
      const node = await uuidOf(request, 63);
      const id = request.params.id;
      const at = id.indexOf('@');
      if (at >= 0) {
        const state = await rpc.getIndicatorState({
          requestId: requestId(request),
          node,
          indicator: id.slice(0, at),
          component: id.slice(at + 1),
        });
        return { state: state.toUpperCase() };
      }
      const supported = await rpc.getSupportedIndicators({ requestId: requestId(request), node });
      const indicators = supported[id];
      if (!indicators) throw notFound(`Node ${node} has no indicator component '${id}'`);
      return {
        indicators: Object.entries(indicators).map(([name, states]) => ({
          name,
          component: id,
          readonly: states.length === 0,
          states: states.map((s) => s.toUpperCase()),
          links: resourceLinks(base(request), `nodes/${node}/management/indicators/${name}@${id}`),
        })),
      };
    },
  );
  app.put<S & { Body: { state: string } }>(
    '/v1/nodes/:node_ident/management/indicators/:id',
    { schema: { params: nodeSubParams, body: indicatorBody, summary: 'Set an indicator', tags: ['nodes'] } },
    async (request, reply) => {
      const node = await uuidOf(request, 63);
      const id = request.params.id;
      const at = id.indexOf('@');
      if (at <= 0 || at === id.length - 1)
        throw badRequest(`Indicator must be given as <indicator>@<component>, not '${id}'.`);
      await rpc.setIndicatorState({
        requestId: requestId(request),
        node,
        indicator: id.slice(0, at),
        component: id.slice(at + 1),
        state: request.body.state.toLowerCase() as IndicatorState,
      });
      return reply.code(204).send();
    },
  );
}
