import { AbstractHardwareType } from '../hardware-type.js';
import { FakeBIOS } from '../implementations/fake/fake-bios.js';
import { FakeBoot } from '../implementations/fake/fake-boot.js';
import { FakeConsole } from '../implementations/fake/fake-console.js';
import { FakeDeploy } from '../implementations/fake/fake-deploy.js';
import { FakeFirmware } from '../implementations/fake/fake-firmware.js';
import { FakeInspect } from '../implementations/fake/fake-inspect.js';
import { FakeManagement } from '../implementations/fake/fake-management.js';
import { FakeNetwork } from '../implementations/fake/fake-network.js';
import { FakePower } from '../implementations/fake/fake-power.js';
import { FakeRAID } from '../implementations/fake/fake-raid.js';
import { FakeRescue } from '../implementations/fake/fake-rescue.js';
import { FakeVendor } from '../implementations/fake/fake-vendor.js';
import { NoBIOS } from '../implementations/noop/no-bios.js';
import { NoConsole } from '../implementations/noop/no-console.js';
import { NoFirmware } from '../implementations/noop/no-firmware.js';
import { NoInspect } from '../implementations/noop/no-inspect.js';
import { NoRAID } from '../implementations/noop/no-raid.js';
import { NoRescue } from '../implementations/noop/no-rescue.js';
import { NoVendor } from '../implementations/noop/no-vendor.js';
import { NoopDeploy } from '../implementations/noop/noop-deploy.js';
import { NoopManagement } from '../implementations/noop/noop-management.js';
import { NoopNetwork } from '../implementations/noop/noop-network.js';
import { NoopStorage } from '../implementations/noop/noop-storage.js';

/**
 * `fake-hardware`: every interface has a `fake` implementation first, then its
 * no-op. Like Ironic's, it accepts any registered implementation, so real
 * interfaces can be tried on it one at a time.
 * @public
 */
export class FakeHardware extends AbstractHardwareType {
  static override acceptsAnyInterface = true;

  readonly supportedBootInterfaces = [FakeBoot];
  readonly supportedDeployInterfaces = [FakeDeploy, NoopDeploy];
  readonly supportedManagementInterfaces = [FakeManagement, NoopManagement];
  readonly supportedPowerInterfaces = [FakePower];
  override readonly supportedNetworkInterfaces = [FakeNetwork, NoopNetwork];
  override readonly supportedBiosInterfaces = [FakeBIOS, NoBIOS];
  override readonly supportedConsoleInterfaces = [FakeConsole, NoConsole];
  override readonly supportedFirmwareInterfaces = [FakeFirmware, NoFirmware];
  override readonly supportedInspectInterfaces = [FakeInspect, NoInspect];
  override readonly supportedRaidInterfaces = [FakeRAID, NoRAID];
  override readonly supportedRescueInterfaces = [FakeRescue, NoRescue];
  override readonly supportedStorageInterfaces = [NoopStorage];
  override readonly supportedVendorInterfaces = [FakeVendor, NoVendor];
}
