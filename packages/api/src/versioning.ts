/**
 * Ironic's microversion negotiation: `X-OpenStack-Ironic-API-Version: 1.N | latest` or
 * `OpenStack-API-Version: baremetal 1.N | latest`; no header means the minimum (1.1).
 */

/** Major API version served under `/v1`. @public */
export const API_MAJOR = 1;
/** Lowest supported microversion (minor part). @public */
export const MIN_MINOR = 1;
/**
 * Highest microversion whose behaviour Ferric implements: every version up to it is served (Metal3's
 * baremetal-operator needs at least 1.89). @public
 */
export const MAX_MINOR = 91;

/** `1.N` for a minor version. @public */
export function versionString(minor: number): string {
  return `${API_MAJOR}.${minor}`;
}

/** Response header names. @public */
export const VERSION_HEADERS = {
  min: 'X-OpenStack-Ironic-API-Minimum-Version',
  max: 'X-OpenStack-Ironic-API-Maximum-Version',
  version: 'X-OpenStack-Ironic-API-Version',
} as const;

/** Result of reading the version headers of a request. @public */
export type VersionParse = { ok: true; minor: number } | { ok: false; message: string };

/**
 * Reads the requested microversion from request headers (lower-cased names, as Node gives them).
 * Malformed and out-of-range versions are errors (HTTP 406, as Ironic).
 */
export function parseRequestedVersion(headers: Record<string, string | string[] | undefined>): VersionParse {
  // The generic header wins over the legacy one (microversion-parse); entries of other services are ignored.
  let raw: string | undefined;
  const generic = first(headers['openstack-api-version']);
  if (generic !== undefined) {
    const entry = generic
      .split(',')
      .map((e) => e.trim())
      .find((e) => /^baremetal(\s|$)/i.test(e));
    if (entry !== undefined) {
      const m = /^baremetal\s+(\S+)$/i.exec(entry);
      if (!m)
        return {
          ok: false,
          message: `Invalid value for OpenStack-API-Version header: '${entry.slice(0, 40)}'.`,
        };
      raw = m[1]!;
    }
  }
  raw ??= first(headers['x-openstack-ironic-api-version']);
  if (raw === undefined) return { ok: true, minor: MIN_MINOR };
  const value = raw.trim();
  if (value.toLowerCase() === 'latest') return { ok: true, minor: MAX_MINOR };
  const m = /^(\d{1,3})\.(\d{1,4})$/.exec(value);
  if (!m)
    return {
      ok: false,
      message: `Invalid value for X-OpenStack-Ironic-API-Version header: '${value.slice(0, 40)}'.`,
    };
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== API_MAJOR) {
    return {
      ok: false,
      message: `Mutually exclusive versions requested. Version ${value} requested but not supported by this service. The supported version range is: [${versionString(MIN_MINOR)}, ${versionString(MAX_MINOR)}].`,
    };
  }
  if (minor < MIN_MINOR || minor > MAX_MINOR) {
    return {
      ok: false,
      message: `Version ${value} was requested but the minor version is not supported by this service. The supported version range is: [${versionString(MIN_MINOR)}, ${versionString(MAX_MINOR)}].`,
    };
  }
  return { ok: true, minor };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
