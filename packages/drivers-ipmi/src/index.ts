/**
 * `@ferric/drivers-ipmi`: the `ipmi` hardware type with Ironic-named `ipmitool`
 * power and management interfaces, backed by a native IPMI v2.0 (RMCP+ /
 * lanplus) client over UDP — or, opt-in per node, by the `ipmitool` binary.
 *
 * Register it with a runtime through the default export (a Ferric plugin).
 * @packageDocumentation
 */
import { ipmiPlugin } from './plugin.js';

export type { IpmiBackend } from './backend.js';
// Client and commands, for tools that speak IPMI directly
export { IpmiClient, type IpmiClientOptions, type IpmiTarget } from './client/client.js';
export type { IpmiSession, RetryPolicy } from './client/session.js';
export { SolConnection, type SolEvents, type SolOptions } from './client/sol.js';
export {
  type ChannelAuthCapabilities,
  type DeviceId,
  getChannelCipherSuites,
  getDeviceId,
} from './commands/app.js';
export {
  type BootDeviceName as IpmiBootDeviceName,
  BootDeviceSelector,
  type BootFlags,
  type BootFlagsReading,
  getBootFlags,
  setBootFlags,
} from './commands/boot.js';
export {
  ChassisControl,
  type ChassisControlOperation,
  type ChassisStatus,
  chassisControl,
  chassisIdentify,
  getChassisStatus,
} from './commands/chassis.js';
export type { CommandRunner } from './commands/runner.js';
export {
  readAllSensors,
  readSensor,
  readSensorRecords,
  SENSOR_TYPE_NAMES,
  type SensorReading,
  type SensorRecord,
} from './commands/sensors.js';
export { IpmitoolSocatConsole } from './console.js';
export { IPMI_PROPERTIES, type IpmiClientMode, type IpmiDriverInfo, parseDriverInfo } from './driver-info.js';
// Errors
export {
  IpmiAuthenticationError,
  IpmiClosedError,
  IpmiCompletionCodeError,
  IpmiError,
  IpmiProtocolError,
  IpmiTimeoutError,
  type IpmiTimeoutOptions,
  IpmitoolCommandError,
  IpmiUnsupportedCipherError,
} from './errors.js';
export { IpmiHardware } from './hardware-type.js';
export { IpmitoolBackend } from './ipmitool-backend.js';
export { IpmitoolManagement, nodeBootMode, toSensorsData } from './management.js';
export { closeSharedIpmiClients, NativeIpmiBackend, sharedIpmiClient } from './native-backend.js';
export { IpmitoolPower } from './power.js';
export { completionCodeMeaning, rmcpPlusStatusMeaning } from './protocol/completion-codes.js';
export { NetFn, PrivilegeLevel, type PrivilegeName } from './protocol/constants.js';
export { CIPHER_SUITES, type CipherSuite } from './protocol/crypto.js';
export type { IpmiResponse } from './protocol/ipmi-message.js';
export type { AsfPong } from './protocol/rmcp.js';
// Plugin, hardware type and interfaces
export { ipmiPlugin };

export default ipmiPlugin;
