import type { FastifyInstance } from 'fastify';
import { BIOS_ATTRIBUTES } from '../bios-attributes.js';
import { Errors } from '../errors.js';
import { etagOf } from '../etag.js';
import { checkWritable, resource } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT } from '../odata.js';
import type { EmulatedSystem } from '../system.js';

const REGISTRY = 'BiosAttributeRegistry.v1_0_0';
const REGISTRY_FILE = `${REDFISH_ROOT}/Registries/${REGISTRY}`;
const REGISTRY_JSON = `${REGISTRY_FILE}/${REGISTRY}.json`;

function pendingBody(s: EmulatedSystem): JsonObject {
  return {
    ...odata(`${REDFISH_ROOT}/Systems/${s.id}/Bios/Settings`, '#Bios.v1_2_0.Bios'),
    Id: 'Settings',
    Name: 'BIOS Pending Settings',
    AttributeRegistry: REGISTRY,
    Attributes: { ...s.biosPending },
  };
}

function biosBody(s: EmulatedSystem): JsonObject {
  const base = `${REDFISH_ROOT}/Systems/${s.id}/Bios`;
  return {
    ...odata(base, '#Bios.v1_2_0.Bios'),
    Id: 'BIOS',
    Name: 'BIOS Configuration Current Settings',
    AttributeRegistry: REGISTRY,
    Attributes: { ...s.biosAttributes },
    '@Redfish.Settings': {
      '@odata.type': '#Settings.v1_3_5.Settings',
      SettingsObject: link(`${base}/Settings`),
      ETag: etagOf(pendingBody(s)),
      ...(s.biosAppliedAt ? { Time: s.biosAppliedAt.toISOString() } : {}),
      SupportedApplyTimes: ['OnReset'],
    },
    Actions: {
      '#Bios.ResetBios': { target: `${base}/Actions/Bios.ResetBios` },
      '#Bios.ChangePassword': { target: `${base}/Actions/Bios.ChangePassword` },
    },
  };
}

/** The BIOS attribute registry resource, so clients can validate before they PATCH. */
function registryBody(): JsonObject {
  return {
    ...odata(REGISTRY_JSON, '#AttributeRegistry.v1_3_0.AttributeRegistry'),
    Id: REGISTRY,
    Name: 'Ferric BIOS Attribute Registry',
    Language: 'en',
    OwningEntity: 'Ferric',
    RegistryVersion: '1.0.0',
    SupportedSystems: [{ ProductName: 'Ferric Emulated Server', SystemId: 'FRC-EMU-1' }],
    RegistryEntries: {
      Attributes: BIOS_ATTRIBUTES.map((a) => ({
        AttributeName: a.name,
        DisplayName: a.displayName,
        Type: a.type,
        DefaultValue: a.default,
        ReadOnly: a.readOnly ?? false,
        ResetRequired: true,
        ...(a.values ? { Value: a.values.map((v) => ({ ValueName: v, ValueDisplayName: v })) } : {}),
        ...(a.min !== undefined ? { LowerBound: a.min } : {}),
        ...(a.max !== undefined ? { UpperBound: a.max } : {}),
      })),
    },
  };
}

/** Registers Bios (current), Bios/Settings (pending, applied at the next reset), ResetBios, ChangePassword. */
export function registerBios(app: FastifyInstance): void {
  const base = `${REDFISH_ROOT}/Systems/:id/Bios`;
  resource(app, base, {
    get: ({ service, params, path }) => biosBody(service.system(params.id ?? '', path)),
  });
  resource(app, `${base}/Settings`, {
    get: ({ service, params, path }) => pendingBody(service.system(params.id ?? '', path)),
    patch: ({ service, params, path }, body) => {
      const s = service.system(params.id ?? '', path);
      checkWritable(body, ['Attributes', '@Redfish.SettingsApplyTime'], pendingBody(s));
      const attrs = body.Attributes;
      if (attrs === undefined) return;
      if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs)) {
        throw Errors.propertyValueTypeError(JSON.stringify(attrs), 'Attributes');
      }
      s.setPendingBios(attrs);
    },
  });
  resource(app, `${base}/Actions/Bios.ResetBios`, {
    post: ({ service, params, path }) => {
      service.system(params.id ?? '', path).resetBios();
      return { status: 204 };
    },
  });
  resource(app, `${base}/Actions/Bios.ChangePassword`, {
    post: ({ service, params, path, body }) => {
      service.system(params.id ?? '', path);
      const b = (body ?? {}) as Record<string, unknown>;
      for (const p of ['PasswordName', 'OldPassword', 'NewPassword']) {
        if (typeof b[p] !== 'string') throw Errors.actionParameterMissing('Bios.ChangePassword', p);
      }
      return { status: 204 };
    },
  });
  // Registries: a MessageRegistryFile pointing at the attribute registry (how sushy finds it).
  resource(app, `${REDFISH_ROOT}/Registries`, {
    get: () =>
      collection(
        `${REDFISH_ROOT}/Registries`,
        '#MessageRegistryFileCollection.MessageRegistryFileCollection',
        'Registry File Collection',
        [REGISTRY_FILE],
      ),
  });
  resource(app, REGISTRY_FILE, {
    get: () => ({
      ...odata(REGISTRY_FILE, '#MessageRegistryFile.v1_1_3.MessageRegistryFile'),
      Id: REGISTRY,
      Name: 'BIOS Attribute Registry File',
      Description: 'Attribute registry of the emulated BIOS',
      Languages: ['en'],
      Registry: 'BiosAttributeRegistry.1.0',
      Location: [{ Language: 'en', Uri: REGISTRY_JSON }],
    }),
  });
  resource(app, REGISTRY_JSON, { get: () => registryBody() });
}
