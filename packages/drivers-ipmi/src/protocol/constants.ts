/** Network functions (request codes; the response is `netFn | 1`). */
export const NetFn = {
  chassis: 0x00,
  sensorEvent: 0x04,
  app: 0x06,
  storage: 0x0a,
  transport: 0x0c,
} as const;

/** Command numbers used by this driver, grouped by network function. */
export const Command = {
  // App
  getDeviceId: 0x01,
  getChannelAuthCapabilities: 0x38,
  setSessionPrivilegeLevel: 0x3b,
  closeSession: 0x3c,
  getChannelCipherSuites: 0x54,
  // Chassis
  getChassisStatus: 0x01,
  chassisControl: 0x02,
  chassisIdentify: 0x04,
  setSystemBootOptions: 0x08,
  getSystemBootOptions: 0x09,
  // Storage
  getSdrRepositoryInfo: 0x20,
  reserveSdrRepository: 0x22,
  getSdr: 0x23,
  // Sensor/Event
  getSensorReading: 0x2d,
} as const;

/** RMCP+ payload types (IPMI v2.0 table 13-16). */
export const PayloadType = {
  ipmi: 0x00,
  sol: 0x01,
  openSessionRequest: 0x10,
  openSessionResponse: 0x11,
  rakp1: 0x12,
  rakp2: 0x13,
  rakp3: 0x14,
  rakp4: 0x15,
} as const;

/** Session authentication type byte: 0x00 = IPMI v1.5 "none", 0x06 = RMCP+ (IPMI v2.0). */
export const AuthType = { none: 0x00, rmcpPlus: 0x06 } as const;

/** Privilege levels (IPMI v2.0 table 22-13). */
export const PrivilegeLevel = {
  callback: 1,
  user: 2,
  operator: 3,
  administrator: 4,
  oem: 5,
} as const;

/** A privilege level name as used in Ironic's `ipmi_priv_level`. */
export type PrivilegeName = 'CALLBACK' | 'USER' | 'OPERATOR' | 'ADMINISTRATOR' | 'OEM';

/** Slave address of the BMC and the software ID used by remote consoles (0x81, as ipmitool). */
export const BMC_SLAVE_ADDRESS = 0x20;
/** Requester address used by remote consoles ("remote console software ID 0x40" << 1 | 1). */
export const REMOTE_CONSOLE_ADDRESS = 0x81;
