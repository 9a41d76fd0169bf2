/**
 * JSON Schemas of request bodies, query strings and path parameters. Fastify validates requests with
 * them and {@link buildOpenApi} publishes the very same objects at `/v1/openapi.json`.
 */
import { INTERFACE_TYPES } from '@ferric/core';

type Schema = Record<string, unknown>;

const uuid: Schema = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
};
const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
const name: Schema = { type: 'string', pattern: '^[A-Za-z0-9\\-._~]{1,255}$' };
const obj: Schema = { type: 'object' };
const shortString: Schema = { type: 'string', maxLength: 255 };
const iface: Schema = nullable({ type: 'string', minLength: 1, maxLength: 255 });
const bool: Schema = { type: 'boolean' };
const mac: Schema = { type: 'string', pattern: '^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$' };
/** Ironic's loose query booleans. */
const queryBool: Schema = {
  type: 'string',
  enum: ['true', 'True', 'TRUE', 'false', 'False', 'FALSE', '1', '0', 'yes', 'no', 'on', 'off'],
};

/** Writable node fields and their types (create and the result of a JSON Patch). */
export const nodeWritableProperties: Record<string, Schema> = {
  name: nullable(name),
  driver: { type: 'string', minLength: 1, maxLength: 255 },
  driver_info: obj,
  properties: obj,
  instance_info: obj,
  instance_uuid: nullable(uuid),
  extra: obj,
  resource_class: nullable({ type: 'string', maxLength: 80 }),
  conductor_group: { type: 'string', maxLength: 255, pattern: '^[a-zA-Z0-9_\\-.:]*$' },
  automated_clean: nullable(bool),
  owner: nullable(shortString),
  description: nullable({ type: 'string', maxLength: 4096 }),
  maintenance: bool,
  maintenance_reason: nullable({ type: 'string', maxLength: 4096 }),
  chassis_uuid: nullable(uuid),
  protected: bool,
  protected_reason: nullable({ type: 'string', maxLength: 255 }),
  retired: bool,
  retired_reason: nullable({ type: 'string', maxLength: 255 }),
  lessee: nullable(shortString),
  network_data: obj,
  shard: nullable(shortString),
  parent_node: nullable({ type: 'string', maxLength: 36 }),
  disable_power_off: bool,
  instance_name: nullable({ type: 'string', minLength: 1, maxLength: 255 }),
  ...Object.fromEntries(INTERFACE_TYPES.map((t) => [`${t}_interface`, iface])),
};

/** `POST /v1/nodes`. */
export const nodeCreateBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['driver'],
  properties: { uuid, ...nodeWritableProperties },
};

/** The writable part of a node after a JSON Patch was applied. */
export const nodePatchedDocument: Schema = {
  type: 'object',
  required: ['driver'],
  properties: nodeWritableProperties,
};

/** RFC 6902 JSON Patch as Ironic accepts it (`add`, `replace`, `remove`). */
export const jsonPatchBody: Schema = {
  type: 'array',
  minItems: 1,
  maxItems: 1000,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['op', 'path'],
    properties: {
      op: { type: 'string', enum: ['add', 'replace', 'remove'] },
      path: { type: 'string', pattern: '^(/[^/]+)+$', maxLength: 1024 },
      value: {},
    },
  },
};

/** Writable port fields. */
export const portWritableProperties: Record<string, Schema> = {
  address: mac,
  node_uuid: { anyOf: [uuid, name] },
  extra: obj,
  local_link_connection: {
    type: 'object',
    properties: {
      switch_id: { type: 'string' },
      port_id: { type: 'string' },
      switch_info: { type: 'string' },
      network_type: { type: 'string' },
      'vtep-logical-switch': { type: 'string' },
      'vtep-physical-switch': { type: 'string' },
    },
    // OVN VTEP switch metadata comes as a pair (1.90–1.104).
    dependencies: {
      'vtep-logical-switch': ['vtep-physical-switch'],
      'vtep-physical-switch': ['vtep-logical-switch'],
    },
  },
  pxe_enabled: bool,
  physical_network: nullable({ type: 'string', maxLength: 64 }),
  portgroup_uuid: nullable({ anyOf: [uuid, name] }),
  is_smartnic: bool,
  name: nullable(name),
  description: nullable({ type: 'string', maxLength: 255 }),
  vendor: nullable({ type: 'string', maxLength: 32 }),
  category: nullable({ type: 'string', maxLength: 80 }),
  available_for_dynamic_portgroup: bool,
};

/** `POST /v1/ports`. */
export const portCreateBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['address'],
  properties: {
    uuid,
    node_ident: { type: 'string', minLength: 1, maxLength: 255 },
    ...portWritableProperties,
  },
};

/** The writable part of a port after a JSON Patch. */
export const portPatchedDocument: Schema = {
  type: 'object',
  required: ['address', 'node_uuid'],
  properties: portWritableProperties,
};

const step: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['interface', 'step'],
  properties: {
    interface: { type: 'string', enum: [...INTERFACE_TYPES] },
    step: { type: 'string', minLength: 1, maxLength: 255 },
    args: obj,
    priority: { type: 'integer', minimum: 0 },
  },
};

/** `PUT /v1/nodes/{id}/states/provision`. */
export const provisionBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    target: {
      type: 'string',
      enum: [
        'manage',
        'provide',
        'inspect',
        'clean',
        'active',
        'deploy',
        'rebuild',
        'deleted',
        'undeploy',
        'rescue',
        'unrescue',
        'abort',
        'adopt',
        'unhold',
        'service',
      ],
    },
    configdrive: { anyOf: [{ type: 'string' }, obj, { type: 'null' }] },
    clean_steps: { type: 'array', items: step, maxItems: 100 },
    deploy_steps: { type: 'array', items: step, maxItems: 100 },
    service_steps: { type: 'array', items: step, maxItems: 100 },
    rescue_password: { type: 'string', minLength: 1, maxLength: 255 },
    disable_ramdisk: bool,
  },
};

/** `PUT /v1/nodes/{id}/states/power`. */
export const powerBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    target: {
      type: 'string',
      enum: ['power on', 'power off', 'rebooting', 'soft power off', 'soft rebooting'],
    },
    timeout: { type: 'integer', minimum: 1, maximum: 86400 },
  },
};

/** `PUT /v1/nodes/{id}/management/boot_device`. */
export const bootDeviceBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['boot_device'],
  properties: {
    boot_device: {
      type: 'string',
      enum: ['pxe', 'disk', 'cdrom', 'bios', 'safe', 'wanboot', 'uefi http', 'floppy'],
    },
    persistent: bool,
  },
};

/** `PUT /v1/nodes/{id}/maintenance`. */
export const maintenanceBody: Schema = nullable({
  type: 'object',
  additionalProperties: false,
  properties: { reason: nullable({ type: 'string', maxLength: 4096 }) },
});

/** `POST /v1/chassis`. */
export const chassisCreateBody: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { uuid, description: nullable({ type: 'string', maxLength: 255 }), extra: obj },
};

/** The writable part of a chassis after a JSON Patch was applied. */
export const chassisPatchedDocument: Schema = {
  type: 'object',
  properties: { description: nullable({ type: 'string', maxLength: 255 }), extra: obj },
};

/** `{portgroup_ident}` path parameter. */
export const portgroupIdentParams: Schema = {
  type: 'object',
  required: ['portgroup_ident'],
  properties: { portgroup_ident: { type: 'string', minLength: 1, maxLength: 255 } },
};

/** Writable port group fields. */
const portgroupWritableProperties: Record<string, Schema> = {
  address: nullable(mac),
  name: nullable(name),
  node_uuid: { anyOf: [uuid, name] },
  extra: obj,
  standalone_ports_supported: bool,
  mode: { type: 'string', minLength: 1, maxLength: 255 },
  properties: obj,
  physical_network: nullable({ type: 'string', maxLength: 64 }),
  category: nullable({ type: 'string', maxLength: 80 }),
};

/** `POST /v1/portgroups`. */
export const portgroupCreateBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['node_uuid'],
  properties: { uuid, ...portgroupWritableProperties },
};

/** A port group after a JSON Patch was applied. */
export const portgroupPatchedDocument: Schema = {
  type: 'object',
  required: ['node_uuid'],
  properties: portgroupWritableProperties,
};

/** One deploy step of a deploy template (Ironic's schema: every key required). */
const deployTemplateStep: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['interface', 'step', 'args', 'priority'],
  properties: {
    interface: { type: 'string', enum: ['bios', 'deploy', 'management', 'power', 'raid'] },
    step: { type: 'string', minLength: 1, maxLength: 255 },
    args: obj,
    priority: { type: 'integer', minimum: 0 },
  },
};
const deployTemplateWritable: Record<string, Schema> = {
  name: { type: 'string', minLength: 1, maxLength: 255 },
  steps: { type: 'array', minItems: 1, maxItems: 100, items: deployTemplateStep },
  extra: obj,
};

/** `POST /v1/deploy_templates`. */
export const deployTemplateCreateBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'steps'],
  properties: { uuid, ...deployTemplateWritable },
};

/** A deploy template after a JSON Patch was applied. */
export const deployTemplatePatchedDocument: Schema = {
  type: 'object',
  required: ['name', 'steps'],
  properties: deployTemplateWritable,
};

/** `{template_ident}` path parameter. */
export const deployTemplateParams: Schema = {
  type: 'object',
  required: ['template_ident'],
  properties: { template_ident: { type: 'string', minLength: 1, maxLength: 255 } },
};

/** `POST /v1/allocations`. */
export const allocationCreateBody: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uuid,
    name: nullable(name),
    resource_class: { type: 'string', minLength: 1, maxLength: 80 },
    traits: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 255 } },
    candidate_nodes: {
      type: 'array',
      maxItems: 1000,
      items: { type: 'string', minLength: 1, maxLength: 255 },
    },
    extra: obj,
    node: { type: 'string', minLength: 1, maxLength: 255 },
    owner: nullable(shortString),
  },
};

/** An allocation after a JSON Patch was applied. */
export const allocationPatchedDocument: Schema = {
  type: 'object',
  properties: { name: nullable(name), extra: obj },
};

/** `{allocation_ident}` path parameter. */
export const allocationParams: Schema = {
  type: 'object',
  required: ['allocation_ident'],
  properties: { allocation_ident: { type: 'string', minLength: 1, maxLength: 255 } },
};

const volumeConnectorProps: Record<string, Schema> = {
  node_uuid: { anyOf: [uuid, name] },
  type: { type: 'string', enum: ['iqn', 'ip', 'mac', 'wwnn', 'wwpn', 'port', 'portgroup'] },
  connector_id: { type: 'string', minLength: 1, maxLength: 255 },
  extra: obj,
};
/** `POST /v1/volume/connectors`. */
export const volumeConnectorBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['node_uuid', 'type', 'connector_id'],
  properties: { uuid, ...volumeConnectorProps },
};
/** A volume connector after a JSON Patch. */
export const volumeConnectorPatched: Schema = { type: 'object', properties: volumeConnectorProps };

const volumeTargetProps: Record<string, Schema> = {
  node_uuid: { anyOf: [uuid, name] },
  volume_type: { type: 'string', minLength: 1, maxLength: 64 },
  properties: obj,
  boot_index: { type: 'integer', minimum: 0 },
  volume_id: { type: 'string', minLength: 1, maxLength: 36 },
  extra: obj,
};
/** `POST /v1/volume/targets`. */
export const volumeTargetBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['node_uuid', 'volume_type', 'boot_index', 'volume_id'],
  properties: { uuid, ...volumeTargetProps },
};
/** A volume target after a JSON Patch. */
export const volumeTargetPatched: Schema = { type: 'object', properties: volumeTargetProps };

/** `{volume_uuid}` path parameter. */
export const volumeParams: Schema = {
  type: 'object',
  required: ['volume_uuid'],
  properties: { volume_uuid: { type: 'string', minLength: 1, maxLength: 255 } },
};

/** `{chassis_uuid}` path parameter. */
export const chassisParams: Schema = {
  type: 'object',
  required: ['chassis_uuid'],
  properties: { chassis_uuid: { type: 'string', minLength: 1, maxLength: 255 } },
};

/** `PUT /v1/nodes/{id}/traits`. */
export const traitsBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['traits'],
  properties: { traits: { type: 'array', items: { type: 'string', maxLength: 512 }, maxItems: 50 } },
};

/** `POST /v1/heartbeat/{node}`. */
export const heartbeatBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['callback_url'],
  properties: {
    callback_url: { type: 'string', minLength: 1, maxLength: 2048, pattern: '^https?://' },
    agent_version: { type: 'string', maxLength: 255 },
    agent_token: { type: 'string', maxLength: 255 },
    agent_verify_ca: { type: 'string' },
    agent_status: { type: 'string', enum: ['start', 'end', 'error'] },
    agent_status_message: { type: 'string', maxLength: 4096 },
  },
};

const pagination = {
  limit: {
    type: 'string',
    pattern: '^0*[1-9][0-9]{0,8}$',
    description: 'Page size (1..1000; larger values are capped).',
  },
  marker: uuid,
  sort_key: { type: 'string', maxLength: 64 },
  sort_dir: { type: 'string', enum: ['asc', 'desc'] },
  fields: { type: 'string', maxLength: 2048 },
  detail: queryBool,
};

/** `GET /v1/nodes`. */
export const nodeListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pagination,
    provision_state: { type: 'string', maxLength: 64 },
    driver: { type: 'string', maxLength: 255 },
    maintenance: queryBool,
    associated: queryBool,
    conductor_group: { type: 'string', maxLength: 255 },
    resource_class: { type: 'string', maxLength: 80 },
    fault: { type: 'string', maxLength: 255 },
    owner: { type: 'string', maxLength: 255 },
    lessee: { type: 'string', maxLength: 255 },
    project: { type: 'string', maxLength: 255 },
    retired: queryBool,
    conductor: { type: 'string', maxLength: 255 },
    chassis_uuid: uuid,
    instance_uuid: uuid,
    description_contains: { type: 'string', maxLength: 255 },
    shard: { type: 'string', maxLength: 4096 },
    sharded: queryBool,
    include_children: queryBool,
    parent_node: { type: 'string', maxLength: 255 },
    instance_name: { type: 'string', maxLength: 255 },
  },
};

/** `GET /v1/chassis`. */
export const chassisListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pagination },
};

/** `GET /v1/portgroups`. */
export const portgroupListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pagination,
    node: { type: 'string', maxLength: 255 },
    address: mac,
    shard: { type: 'string', maxLength: 4096 },
    conductor_groups: { type: 'string', maxLength: 4096 },
  },
};

/** `GET /v1/deploy_templates`. */
export const deployTemplateListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pagination },
};

/** `GET /v1/allocations`. */
export const allocationListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: pagination.limit,
    marker: uuid,
    sort_key: pagination.sort_key,
    sort_dir: pagination.sort_dir,
    fields: pagination.fields,
    node: { type: 'string', maxLength: 255 },
    resource_class: { type: 'string', maxLength: 80 },
    state: { type: 'string', enum: ['allocating', 'active', 'error'] },
    owner: { type: 'string', maxLength: 255 },
  },
};

/** `GET /v1/volume/connectors|targets`. */
export const volumeListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: pagination.limit,
    marker: uuid,
    sort_dir: pagination.sort_dir,
    fields: pagination.fields,
    detail: queryBool,
    node: { type: 'string', maxLength: 255 },
  },
};

/** `GET /v1/ports`. */
export const portListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pagination,
    node: { type: 'string', maxLength: 255 },
    node_uuid: uuid,
    address: mac,
    portgroup: { type: 'string', maxLength: 255 },
    shard: { type: 'string', maxLength: 4096 },
    conductor_groups: { type: 'string', maxLength: 4096 },
    description_contains: { type: 'string', maxLength: 255 },
  },
};

/** `PATCH /v1/nodes/{id}` query (1.45). */
export const nodePatchQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { reset_interfaces: queryBool },
};

/** `GET /v1/nodes/{id}/history` (1.78). */
export const historyListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: pagination.limit,
    marker: uuid,
    sort_dir: pagination.sort_dir,
    detail: queryBool,
    fields: pagination.fields,
  },
};

/** `PUT /v1/nodes/{id}/states/console`. */
export const consoleBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled'],
  properties: { enabled: bool },
};

/** `POST /v1/events` (1.54): Ironic's network event schema. */
export const externalEventsBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['event', 'port_id', 'mac_address', 'status'],
        properties: {
          event: {
            type: 'string',
            enum: ['network.bind_port', 'network.unbind_port', 'network.delete_port'],
          },
          port_id: uuid,
          mac_address: mac,
          status: { type: 'string', maxLength: 255 },
          device_id: uuid,
          'binding:host_id': uuid,
          'binding:vnic_type': { type: 'string', enum: ['baremetal', 'direct', 'normal', 'smart-nic'] },
        },
      },
    },
  },
};

/** `PUT /v1/nodes/{id}/states/boot_mode` (1.76). */
export const bootModeBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: { target: { type: 'string', enum: ['bios', 'uefi'] } },
};

/** `PUT /v1/nodes/{id}/states/secure_boot` (1.76). */
export const secureBootBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: { target: bool },
};

/** `PUT /v1/nodes/{id}/states/raid` (1.12). */
export const raidBody: Schema = {
  type: 'object',
  properties: {
    logical_disks: { type: 'array', maxItems: 64, items: { type: 'object' } },
  },
};

/** `POST /v1/nodes/{id}/vifs` (1.28). */
export const vifBody: Schema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 255 } },
};

/** `PUT /v1/nodes/{id}/management/indicators/{indicator}` (1.63). */
export const indicatorBody: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['state'],
  properties: { state: { type: 'string', enum: ['ON', 'OFF', 'BLINKING', 'UNKNOWN'] } },
};

/** `?fields=` only. */
export const fieldsQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { fields: pagination.fields },
};

/** `GET /v1/drivers`. */
export const driverListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: ['classic', 'dynamic'] },
    detail: queryBool,
    fields: pagination.fields,
  },
};

/** `GET /v1/conductors`. */
export const conductorListQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { ...pagination },
};

/** `?method=` of vendor passthru. */
export const passthruQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['method'],
  properties: { method: { type: 'string', minLength: 1, maxLength: 255 } },
};

/** `GET /v1/lookup`. */
export const lookupQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { addresses: { type: 'string', maxLength: 4096 }, node_uuid: uuid },
};

/** `GET /v1/events` (Ferric extension). */
export const eventsQuery: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    node: { type: 'string', maxLength: 255, description: 'Only events of this node (UUID or name).' },
    type: {
      type: 'string',
      maxLength: 1024,
      description: 'Comma-separated event names, e.g. node.provisionStateChanged.',
    },
  },
};

/** `{node_ident}/traits/{trait}` path parameters. */
export const traitParams: Schema = {
  type: 'object',
  required: ['node_ident', 'trait'],
  properties: {
    node_ident: { type: 'string', minLength: 1, maxLength: 255 },
    trait: { type: 'string', minLength: 1, maxLength: 512 },
  },
};

/** `{node_ident}/history/{event}` path parameters. */
export const historyEventParams: Schema = {
  type: 'object',
  required: ['node_ident', 'event'],
  properties: {
    node_ident: { type: 'string', minLength: 1, maxLength: 255 },
    event: { type: 'string', minLength: 1, maxLength: 64 },
  },
};

/** `{node_ident}/{sub}/{id}` path parameters (VIFs, BIOS settings, indicators). */
export const nodeSubParams: Schema = {
  type: 'object',
  required: ['node_ident', 'id'],
  properties: {
    node_ident: { type: 'string', minLength: 1, maxLength: 255 },
    id: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

/** `{node_ident}` path parameter. */
export const nodeIdentParams: Schema = {
  type: 'object',
  required: ['node_ident'],
  properties: { node_ident: { type: 'string', minLength: 1, maxLength: 255 } },
};
