import type { IpmiBackend } from './backend.js';
import type { IpmiDriverInfo } from './driver-info.js';
import { IpmitoolBackend } from './ipmitool-backend.js';
import { NativeIpmiBackend } from './native-backend.js';

const native = new NativeIpmiBackend();
const ipmitool = new IpmitoolBackend();

/** The backend a node asked for with `driver_info.ipmi_client`. */
export function backendFor(info: IpmiDriverInfo): IpmiBackend {
  return info.client === 'ipmitool' ? ipmitool : native;
}
