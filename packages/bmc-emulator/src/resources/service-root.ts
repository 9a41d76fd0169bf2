import type { FastifyInstance } from 'fastify';
import { resource, serviceOf } from '../http.js';
import { type JsonObject, link, odata, REDFISH_ROOT } from '../odata.js';

/** Registers `/redfish`, the ServiceRoot, `$metadata` and the OData service document. */
export function registerServiceRoot(app: FastifyInstance): void {
  app.get('/redfish', async () => ({ v1: `${REDFISH_ROOT}/` }));
  resource(app, REDFISH_ROOT, {
    auth: false,
    get: ({ service }) => ({
      ...odata(`${REDFISH_ROOT}/`, '#ServiceRoot.v1_15_0.ServiceRoot'),
      Id: 'RootService',
      Name: 'Root Service',
      RedfishVersion: '1.15.0',
      UUID: service.uuid,
      Vendor: 'Ferric',
      Product: 'Ferric BMC emulator',
      ProtocolFeaturesSupported: {
        ExpandQuery: { ExpandAll: false, Levels: false, Links: false, NoLinks: false },
        SelectQuery: false,
        FilterQuery: false,
        OnlyMemberQuery: false,
        ExcerptQuery: false,
      },
      Systems: link(`${REDFISH_ROOT}/Systems`),
      Chassis: link(`${REDFISH_ROOT}/Chassis`),
      Managers: link(`${REDFISH_ROOT}/Managers`),
      Tasks: link(`${REDFISH_ROOT}/TaskService`),
      UpdateService: link(`${REDFISH_ROOT}/UpdateService`),
      Registries: link(`${REDFISH_ROOT}/Registries`),
      AccountService: link(`${REDFISH_ROOT}/AccountService`),
      EventService: link(`${REDFISH_ROOT}/EventService`),
      ...(service.quirks.noSessionService
        ? { Links: {} as JsonObject }
        : {
            SessionService: link(`${REDFISH_ROOT}/SessionService`),
            Links: { Sessions: link(`${REDFISH_ROOT}/SessionService/Sessions`) },
          }),
    }),
  });
  app.get(`${REDFISH_ROOT}/odata`, async (req, reply) => {
    serviceOf(req);
    return reply.header('OData-Version', '4.0').send({
      '@odata.context': `${REDFISH_ROOT}/$metadata`,
      value: [
        ['Service', `${REDFISH_ROOT}/`],
        ['Systems', `${REDFISH_ROOT}/Systems`],
        ['Chassis', `${REDFISH_ROOT}/Chassis`],
        ['Managers', `${REDFISH_ROOT}/Managers`],
        ['SessionService', `${REDFISH_ROOT}/SessionService`],
        ['TaskService', `${REDFISH_ROOT}/TaskService`],
        ['UpdateService', `${REDFISH_ROOT}/UpdateService`],
      ].map(([name, url]) => ({ name, kind: 'Singleton', url })),
    });
  });
  app.get(`${REDFISH_ROOT}/$metadata`, async (_req, reply) => {
    const schemas = [
      'ServiceRoot.v1_15_0',
      'ComputerSystemCollection',
      'ComputerSystem.v1_20_0',
      'ManagerCollection',
      'Manager.v1_19_0',
      'ChassisCollection',
      'Chassis.v1_23_0',
      'SessionService.v1_1_8',
      'Session.v1_6_0',
      'TaskService.v1_2_0',
      'Task.v1_7_0',
      'UpdateService.v1_11_0',
      'Bios.v1_2_0',
      'VirtualMedia.v1_6_0',
    ];
    const refs = schemas
      .map(
        (s) =>
          `  <edmx:Reference Uri="http://redfish.dmtf.org/schemas/v1/${s.split('.')[0]}_v1.xml">\n    <edmx:Include Namespace="${s}"/>\n  </edmx:Reference>`,
      )
      .join('\n');
    return reply
      .type('application/xml')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">\n${refs}\n  <edmx:DataServices>\n    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="Service">\n      <EntityContainer Name="Service" Extends="ServiceRoot.v1_15_0.ServiceContainer"/>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n`,
      );
  });
}
