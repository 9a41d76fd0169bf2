/** How a failed driver (BMC) call failed, for alerting: wrong credentials, no answer, or the BMC said no. */
export type DriverErrorKind = 'auth' | 'timeout' | 'connection' | 'bmc_error';

/**
 * Classifies a driver error by its stable `code` (drivers name their error classes after what went
 * wrong: `IpmiAuthenticationError`, `IpmiTimeout`, `RedfishConnectionError`…), so the metrics need
 * no dependency on any driver package.
 */
export function driverErrorKind(code: string): DriverErrorKind {
  if (/auth|credential|unauthori[sz]ed|forbidden|password/i.test(code)) return 'auth';
  if (/time[d_ -]?out/i.test(code)) return 'timeout';
  if (/connect|unreachable|network|socket|refused/i.test(code)) return 'connection';
  return 'bmc_error';
}
