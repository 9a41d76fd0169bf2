/** A JSON object as the emulator renders Redfish resources. */
export type JsonObject = { [key: string]: JsonValue };
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** The root of every Redfish URI. */
export const REDFISH_ROOT = '/redfish/v1';

/** `{ "@odata.id": uri }`, the shape of every navigation link. */
export function link(uri: string): { '@odata.id': string } {
  return { '@odata.id': uri };
}

/**
 * The OData header properties of a resource: `@odata.id`, `@odata.type` and `@odata.context`.
 * `type` is the full versioned type, e.g. `#ComputerSystem.v1_20_0.ComputerSystem`.
 */
export function odata(id: string, type: string): JsonObject {
  const match = /^#([A-Za-z]+)\.(?:v\d+_\d+_\d+\.)?([A-Za-z]+)$/.exec(type);
  const context = match ? `${match[1]}.${match[2]}` : type.replace(/^#/, '');
  return {
    '@odata.context': `${REDFISH_ROOT}/$metadata#${context}`,
    '@odata.id': id,
    '@odata.type': type,
  };
}

/** A Redfish resource collection with its `Members` and `Members@odata.count`. */
export function collection(id: string, type: string, name: string, members: string[]): JsonObject {
  return {
    ...odata(id, type),
    Name: name,
    Description: name,
    Members: members.map(link),
    'Members@odata.count': members.length,
  };
}

/** A `Status` object as most resources carry it. */
export function status(state = 'Enabled', health = 'OK', rollup = true): JsonObject {
  return rollup ? { State: state, Health: health, HealthRollup: health } : { State: state, Health: health };
}
