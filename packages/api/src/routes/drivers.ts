import { DriverNotFound, type HttpMethod, INTERFACE_TYPES, UnsupportedDriverExtension } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requestId, requireVersion, viewContext } from '../context.js';
import { ApiError } from '../errors.js';
import { parseDetail, parseFields } from '../listing.js';
import { driverListQuery, passthruQuery } from '../schemas.js';
import { resourceLinks } from '../util.js';
import { passthruArgs, sendPassthru } from './node-actions.js';

const nameParams = {
  type: 'object',
  required: ['driver_name'],
  properties: { driver_name: { type: 'string', minLength: 1, maxLength: 255 } },
};
type D = { Params: { driver_name: string } };

/** Drivers (hardware types served by live conductors): list, show, properties, vendor passthru. */
export function registerDriverRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { inventory, drivers, rpc } = ctx.backend;

  /** hardware type → hosts of live conductors serving it. */
  async function served(): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    for (const c of await inventory.listConductors()) {
      if (!c.alive) continue;
      for (const d of c.drivers) map.set(d, [...(map.get(d) ?? []), c.hostname].sort());
    }
    return map;
  }

  async function render(request: FastifyRequest, name: string, hosts: string[], detail: boolean) {
    const base = viewContext(ctx, request).base;
    const out: Record<string, unknown> = { hosts, name };
    if (request.apiMinor >= 30) out.type = 'dynamic';
    out.links = resourceLinks(base, `drivers/${name}`);
    out.properties = resourceLinks(base, `drivers/${name}/properties`);
    if (detail && request.apiMinor >= 30) {
      const ifaces = hosts[0] ? await inventory.listConductorInterfaces(hosts[0]) : [];
      for (const type of INTERFACE_TYPES) {
        if (type === 'firmware' && request.apiMinor < 86) continue;
        if (type === 'rescue' && request.apiMinor < 38) continue;
        if (type === 'bios' && request.apiMinor < 40) continue;
        const mine = ifaces.filter((i) => i.hardwareType === name && i.interfaceType === type);
        out[`default_${type}_interface`] = mine.find((i) => i.isDefault)?.interfaceName ?? null;
        out[`enabled_${type}_interfaces`] = mine.length ? mine.map((i) => i.interfaceName) : null;
      }
    }
    return out;
  }

  async function hostsOf(name: string): Promise<string[]> {
    const hosts = (await served()).get(name);
    if (!hosts)
      throw new DriverNotFound(`Could not find the following driver(s) or hardware type(s): ${name}.`);
    return hosts;
  }

  app.get<{ Querystring: { type?: string; detail?: string; fields?: string } }>(
    '/v1/drivers',
    { schema: { querystring: driverListQuery, summary: 'List drivers (hardware types)', tags: ['drivers'] } },
    async (request) => {
      const { type } = request.query;
      const fields = parseFields(
        request.query.fields,
        ['name', 'hosts', 'type', 'links', 'properties'],
        request.apiMinor,
      );
      const detail =
        request.query.detail !== undefined && request.apiMinor >= 30
          ? ['true', '1', 'yes', 'on'].includes(request.query.detail.toLowerCase())
          : false;
      if (request.query.detail !== undefined && request.apiMinor >= 43)
        parseDetail(request.query.detail, fields, request.apiMinor);
      if (type === 'classic') return { drivers: [] };
      const list = [];
      for (const [name, hosts] of [...(await served())].sort(([a], [b]) => a.localeCompare(b))) {
        const d = await render(request, name, hosts, detail);
        list.push(fields ? Object.fromEntries(Object.entries(d).filter(([k]) => fields.includes(k))) : d);
      }
      return { drivers: list };
    },
  );

  app.get<D>(
    '/v1/drivers/:driver_name',
    { schema: { params: nameParams, summary: 'Show a driver', tags: ['drivers'] } },
    async (request) =>
      render(request, request.params.driver_name, await hostsOf(request.params.driver_name), true),
  );

  app.get<D>(
    '/v1/drivers/:driver_name/properties',
    { schema: { params: nameParams, summary: 'driver_info keys of a driver', tags: ['drivers'] } },
    async (request) => {
      await hostsOf(request.params.driver_name);
      const props = drivers.getProperties(request.params.driver_name);
      const out: Record<string, string> = {};
      // Required keys end with "Required." as in Ironic's texts, added unless the author wrote it.
      for (const [k, p] of Object.entries(props))
        out[k] =
          p.required && !/\bRequired\.\s*$/.test(p.description)
            ? `${p.description} Required.`
            : p.description;
      return out;
    },
  );

  app.get<D>(
    '/v1/drivers/:driver_name/raid/logical_disk_properties',
    {
      schema: {
        params: nameParams,
        summary: 'Keys a logical disk of target_raid_config may have (1.12)',
        tags: ['drivers'],
      },
    },
    async (request) => {
      requireVersion(request, 12, 'RAID logical disk properties');
      await hostsOf(request.params.driver_name);
      try {
        return drivers.getRaidLogicalDiskProperties(request.params.driver_name);
      } catch (err) {
        // RAID is a standard interface some hardware types lack: Ironic answers 404 here, not 400.
        if (err instanceof UnsupportedDriverExtension) throw new ApiError(404, err.message);
        throw err;
      }
    },
  );

  app.get<D>(
    '/v1/drivers/:driver_name/vendor_passthru/methods',
    { schema: { params: nameParams, summary: 'Driver vendor methods', tags: ['drivers'] } },
    async (request) =>
      rpc.getDriverVendorPassthruMethods({
        requestId: requestId(request),
        driver: request.params.driver_name,
      }),
  );
  app.route<D & { Querystring: { method: string }; Body: unknown }>({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1/drivers/:driver_name/vendor_passthru',
    schema: {
      params: nameParams,
      querystring: passthruQuery,
      summary: 'Call a driver vendor method',
      tags: ['drivers'],
    },
    handler: async (request, reply) => {
      await hostsOf(request.params.driver_name);
      const args = passthruArgs(request.body);
      const result = await rpc.driverVendorPassthru({
        requestId: requestId(request),
        driver: request.params.driver_name,
        method: request.query.method,
        httpMethod: request.method as HttpMethod,
        ...(args ? { args } : {}),
      });
      return sendPassthru(reply, result);
    },
  });
}
