import { AbstractHardwareType } from '../hardware-type.js';
import { FakeBoot } from '../implementations/fake/fake-boot.js';
import { FakeDeploy } from '../implementations/fake/fake-deploy.js';
import { FakeInspect } from '../implementations/fake/fake-inspect.js';
import { FakeManagement } from '../implementations/fake/fake-management.js';
import { FakePower } from '../implementations/fake/fake-power.js';
import { NoInspect } from '../implementations/noop/no-inspect.js';
import { NoopManagement } from '../implementations/noop/noop-management.js';

/**
 * `manual-management`: machines without a usable BMC; an operator powers them and
 * sets their boot order by hand (Ironic `ManualManagementHardware`). Management is
 * `noop`. Network boot and agent deploy implementations are preferred by name, so
 * they are used as soon as their packages are loaded; `fake` ones stand in until then.
 * The agent power interface arrives with the agent package (`'agent'`).
 * @public
 */
export class ManualManagementHardware extends AbstractHardwareType {
  readonly supportedBootInterfaces = ['ipxe', 'pxe', FakeBoot];
  readonly supportedDeployInterfaces = ['direct', 'ramdisk', FakeDeploy];
  readonly supportedManagementInterfaces = [NoopManagement, FakeManagement];
  readonly supportedPowerInterfaces = ['agent', FakePower];
  override readonly supportedInspectInterfaces = ['agent', NoInspect, FakeInspect];
}
