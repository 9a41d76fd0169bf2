import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.js';
import { checkWritable, resource } from '../http.js';
import { collection, type JsonObject, link, odata, REDFISH_ROOT, status } from '../odata.js';
import type { EmulatedSystem } from '../system.js';

const CHASSIS = `${REDFISH_ROOT}/Chassis`;

async function chassisBody(s: EmulatedSystem): Promise<JsonObject> {
  const power = await s.powerState();
  return {
    ...odata(`${CHASSIS}/${s.chassisId}`, '#Chassis.v1_23_0.Chassis'),
    Id: s.chassisId,
    Name: `Chassis of ${s.id}`,
    ChassisType: 'RackMount',
    Manufacturer: 'Ferric',
    Model: 'Ferric Emulated Chassis',
    SKU: 'FRC-EMU-1',
    SerialNumber: s.serialNumber,
    PartNumber: 'FRC-0001',
    AssetTag: s.assetTag,
    IndicatorLED: s.indicatorLed,
    LocationIndicatorActive: s.indicatorLed !== 'Off',
    PowerState: power === 'Paused' ? 'On' : power,
    Status: status(),
    Links: {
      ComputerSystems: [link(`${REDFISH_ROOT}/Systems/${s.id}`)],
      ManagedBy: [link(`${REDFISH_ROOT}/Managers/${s.managerId}`)],
      ManagersInChassis: [link(`${REDFISH_ROOT}/Managers/${s.managerId}`)],
    },
  };
}

/** Registers Chassis (one per system) with `IndicatorLED`/`LocationIndicatorActive` PATCH. */
export function registerChassis(app: FastifyInstance): void {
  resource(app, CHASSIS, {
    get: ({ service }) =>
      collection(
        CHASSIS,
        '#ChassisCollection.ChassisCollection',
        'Chassis Collection',
        [...service.systems.values()].map((s) => `${CHASSIS}/${s.chassisId}`),
      ),
  });
  resource(app, `${CHASSIS}/:cid`, {
    get: ({ service, params, path }) => chassisBody(service.systemByChassis(params.cid ?? '', path)),
    patch: async ({ service, params, path }, body) => {
      const s = service.systemByChassis(params.cid ?? '', path);
      checkWritable(body, ['IndicatorLED', 'LocationIndicatorActive'], await chassisBody(s));
      if (body.IndicatorLED !== undefined) {
        const v = body.IndicatorLED;
        if (v !== 'Lit' && v !== 'Blinking' && v !== 'Off')
          throw Errors.propertyValueNotInList(String(v), 'IndicatorLED');
        s.indicatorLed = v;
      }
      if (body.LocationIndicatorActive !== undefined) {
        if (typeof body.LocationIndicatorActive !== 'boolean') {
          throw Errors.propertyValueTypeError(
            JSON.stringify(body.LocationIndicatorActive),
            'LocationIndicatorActive',
          );
        }
        s.indicatorLed = body.LocationIndicatorActive ? 'Lit' : 'Off';
      }
    },
  });
}
