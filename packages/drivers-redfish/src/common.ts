import type { Task } from '@ferric/core';
import type { RedfishClient } from './client/client.js';
import { getRedfishClient } from './client/registry.js';
import { linkOf, obj, type RedfishResource } from './client/types.js';
import { parseDriverInfo, type RedfishDriverInfo } from './driver-info.js';
import { RedfishResourceNotFound } from './errors.js';

/** What every Redfish interface method starts from: the node's client and system. @public */
export interface RedfishContext {
  /** Parsed `driver_info`. */
  info: RedfishDriverInfo;
  /** The shared client of the node's BMC. */
  client: RedfishClient;
  /** Path of the node's ComputerSystem. */
  systemPath: string;
}

/**
 * Parse the node's `driver_info`, get the shared client and resolve the system
 * (discovering it when `redfish_system_id` is absent).
 * @public
 */
export async function redfishContext(task: Task): Promise<RedfishContext> {
  const info = parseDriverInfo(task.node.driverInfo);
  const client = getRedfishClient(info);
  const systemPath = await client.systemPath(info.systemId);
  return { info, client, systemPath };
}

/** Read a linked sub-resource path of `resource` (`Bios`, `SecureBoot`…) or throw a clear 404. */
export function requireLink(
  ctx: RedfishContext,
  resource: RedfishResource,
  key: string,
  what: string,
): string {
  const link = linkOf(resource[key]);
  if (!link) {
    throw new RedfishResourceNotFound(
      `The system ${ctx.systemPath} on the BMC at ${ctx.client.address} has no ${what} (${key}).`,
      { status: 404 },
    );
  }
  return link;
}

/** The action target `#Name` of `resource`, or the conventional path. */
export function actionTarget(resource: RedfishResource, path: string, action: string): string {
  const target = obj(obj(resource, 'Actions'), `#${action}`)?.target;
  return typeof target === 'string' ? target : `${path}/Actions/${action}`;
}

/** The provision state a step should return to keep waiting, or undefined when not in a step. */
export function waitStateFor(task: Task): 'clean wait' | 'wait call-back' | 'service wait' | undefined {
  switch (task.node.provisionState) {
    case 'cleaning':
      return 'clean wait';
    case 'deploying':
      return 'wait call-back';
    case 'servicing':
      return 'service wait';
    default:
      return undefined;
  }
}
