/** Any JSON value a BMC may send. @public */
export type RedfishValue = string | number | boolean | null | RedfishValue[] | RedfishResource;

/** A Redfish resource (or any JSON object in one), read defensively: every field may be absent. @public */
export interface RedfishResource {
  [key: string]: RedfishValue | undefined;
}

/** An `@odata.id` link. @public */
export interface ODataLink {
  '@odata.id': string;
}

/** A resource as read, with its ETag (header, or `@odata.etag` in the body). @public */
export interface RedfishDocument<T extends RedfishResource = RedfishResource> {
  /** The JSON body. */
  body: T;
  /** The ETag, or null when the BMC gives none. */
  etag: string | null;
}

/** True when `value` is a JSON object. @public */
export function isResource(value: unknown): value is RedfishResource {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `@odata.id` of a link object, or null. @public */
export function linkOf(value: unknown): string | null {
  if (!isResource(value)) return null;
  const id = value['@odata.id'];
  return typeof id === 'string' && id !== '' ? id : null;
}

/** The `@odata.id` of each member of a collection (`Members`). @public */
export function memberLinks(collection: RedfishResource): string[] {
  const members = collection.Members;
  if (!Array.isArray(members)) return [];
  return members.map(linkOf).filter((id): id is string => id !== null);
}

/** A string field, or null. @public */
export function str(resource: RedfishResource | undefined, key: string): string | null {
  const value = resource?.[key];
  return typeof value === 'string' ? value : null;
}

/** A finite number field, or null. @public */
export function num(resource: RedfishResource | undefined, key: string): number | null {
  const value = resource?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An object field, or undefined. @public */
export function obj(resource: RedfishResource | undefined, key: string): RedfishResource | undefined {
  const value = resource?.[key];
  return isResource(value) ? value : undefined;
}

/** An array field (empty when absent). @public */
export function arr(resource: RedfishResource | undefined, key: string): RedfishValue[] {
  const value = resource?.[key];
  return Array.isArray(value) ? value : [];
}
