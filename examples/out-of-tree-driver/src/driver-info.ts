import {
  checkRequiredProperties,
  InvalidParameterValue,
  type PropertyDescriptions,
  type Task,
} from '@ferric/core';
import { AcmeBmc } from './acme-bmc.js';

/** The driver_info keys every ACME interface reads. */
export const ACME_PROPERTIES: PropertyDescriptions = {
  acme_address: { description: 'Host name or IP address of the ACME BMC. Required.', required: true },
  acme_username: { description: 'BMC user name. Required.', required: true },
  acme_password: { description: 'BMC password. Required.', required: true, secret: true },
};

/** Validate driver_info and open a BMC client for the task's node. */
export function acmeBmcFor(task: Task): AcmeBmc {
  const info = task.node.driverInfo;
  checkRequiredProperties(ACME_PROPERTIES, info);
  const { acme_address: address, acme_username: username, acme_password: password } = info;
  if (typeof address !== 'string' || !/^[a-z0-9.-]+$/i.test(address)) {
    throw new InvalidParameterValue(
      `acme_address must be a host name or IP address, got ${JSON.stringify(address)}.`,
    );
  }
  return new AcmeBmc(address, String(username), String(password));
}
