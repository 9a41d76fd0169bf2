import type { VirtualMediaDevice } from '@ferric/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type RouteContext, requestId, requireVersionOr404 } from '../context.js';
import { badRequest } from '../errors.js';
import { nodeIdentParams } from '../schemas.js';

type P = { Params: { node_ident: string } };

/** Ironic's `VMEDIA_DEVICES` and the core device each names. */
const DEVICES: Readonly<Record<string, VirtualMediaDevice>> = {
  disk: 'usb',
  cdrom: 'cdrom',
  floppy: 'floppy',
};
/** Redfish `MediaTypes` of each core device (what Ironic's driver lists). */
const MEDIA_TYPES: Readonly<Record<VirtualMediaDevice, string>> = {
  cdrom: 'CD',
  dvd: 'DVD',
  floppy: 'Floppy',
  usb: 'USBStick',
};
/** URL schemes Ironic serves virtual media from. */
const SCHEMES = new Set(['http', 'https', 'nfs', 'cifs']);

const attachBody = {
  type: 'object',
  additionalProperties: false,
  required: ['device_type', 'image_url'],
  properties: {
    device_type: { type: 'string', enum: Object.keys(DEVICES) },
    image_url: { type: 'string', maxLength: 4096 },
    image_download_source: { type: 'string', enum: ['http', 'local', 'swift'] },
  },
};

/**
 * Virtual media of a node: `POST /v1/nodes/{id}/vmedia` attaches (1.89), `DELETE` detaches (1.89,
 * optionally only `device_types`), `GET` lists the devices (1.93). Attach and detach answer 204 once
 * accepted; the work runs on the conductor and a failure is the node's `last_error`.
 */
export function registerVmediaRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { rpc, inventory } = ctx.backend;
  const node = async (request: FastifyRequest<P>) =>
    (await inventory.locateNode(request.params.node_ident)).uuid;

  app.get<P>(
    '/v1/nodes/:node_ident/vmedia',
    { schema: { params: nodeIdentParams, summary: 'Virtual media devices', tags: ['nodes'] } },
    async (request) => {
      // The endpoint exists from 1.89 (attach/detach); reading it from 1.93.
      requireVersionOr404(request, 93);
      const media = await rpc.getVirtualMedia({ requestId: requestId(request), node: await node(request) });
      return media.map((m) => ({
        media_types: [MEDIA_TYPES[m.deviceType] ?? m.deviceType],
        inserted: m.inserted,
        image: m.imageUrl ?? '',
      }));
    },
  );

  app.post<P & { Body: { device_type: string; image_url: string; image_download_source?: string } }>(
    '/v1/nodes/:node_ident/vmedia',
    {
      schema: { params: nodeIdentParams, body: attachBody, summary: 'Attach virtual media', tags: ['nodes'] },
    },
    async (request, reply) => {
      requireVersionOr404(request, 89);
      const { device_type, image_url, image_download_source } = request.body;
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(image_url)?.[1]?.toLowerCase() ?? '';
      if (!SCHEMES.has(scheme)) throw badRequest(`Unsupported or missing URL scheme: ${scheme}`);
      await rpc.attachVirtualMedia({
        requestId: requestId(request),
        node: await node(request),
        deviceType: DEVICES[device_type]!,
        imageUrl: image_url,
        imageDownloadSource: image_download_source ?? 'local',
      });
      return reply.code(204).send();
    },
  );

  app.delete<P & { Querystring: { device_types?: string } }>(
    '/v1/nodes/:node_ident/vmedia',
    {
      schema: {
        params: nodeIdentParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { device_types: { type: 'string', maxLength: 255 } },
        },
        summary: 'Detach virtual media',
        tags: ['nodes'],
      },
    },
    async (request, reply) => {
      requireVersionOr404(request, 89);
      const asked = request.query.device_types
        ?.split(',')
        .map((d) => d.trim())
        .filter((d) => d !== '');
      if (asked?.length) {
        const invalid = asked.filter((d) => !(d in DEVICES));
        if (invalid.length)
          throw badRequest(
            `Invalid device type(s) ${invalid.join(', ')} (valid are ${Object.keys(DEVICES).join(', ')})`,
          );
      }
      await rpc.detachVirtualMedia({
        requestId: requestId(request),
        node: await node(request),
        ...(asked?.length ? { deviceTypes: asked.map((d) => DEVICES[d]!) } : {}),
      });
      return reply.code(204).send();
    },
  );
}
