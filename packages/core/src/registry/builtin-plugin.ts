import { FakeHardware } from '../hardware-types/fake-hardware.js';
import { ManualManagementHardware } from '../hardware-types/manual-management.js';
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
import { definePlugin, type FerricPlugin } from './plugin.js';

/**
 * What `@ferric/core` itself registers, under Ironic's names: the `fake-hardware`
 * and `manual-management` hardware types, a `fake` implementation of every
 * interface, and the `no-*` / `noop` implementations.
 * @public
 */
export const corePlugin: FerricPlugin = definePlugin({
  name: '@ferric/core',
  hardwareTypes: { 'fake-hardware': FakeHardware, 'manual-management': ManualManagementHardware },
  interfaces: {
    boot: { fake: FakeBoot },
    deploy: { fake: FakeDeploy, noop: NoopDeploy },
    management: { fake: FakeManagement, noop: NoopManagement },
    network: { fake: FakeNetwork, noop: NoopNetwork },
    power: { fake: FakePower },
    bios: { fake: FakeBIOS, 'no-bios': NoBIOS },
    console: { fake: FakeConsole, 'no-console': NoConsole },
    firmware: { fake: FakeFirmware, 'no-firmware': NoFirmware },
    inspect: { fake: FakeInspect, 'no-inspect': NoInspect },
    raid: { fake: FakeRAID, 'no-raid': NoRAID },
    rescue: { fake: FakeRescue, 'no-rescue': NoRescue },
    storage: { noop: NoopStorage },
    vendor: { fake: FakeVendor, 'no-vendor': NoVendor },
  },
});
