import {
  AbstractHardwareType,
  type BIOSInterface,
  type BootInterface,
  type DeployInterface,
  FakeBoot,
  type FirmwareInterface,
  type ImplementationRef,
  type InspectInterface,
  type ManagementInterface,
  type NetworkInterface,
  NoBIOS,
  NoFirmware,
  NoInspect,
  NoopDeploy,
  NoopNetwork,
  NoRAID,
  NoRescue,
  NoVendor,
  type PowerInterface,
  type RAIDInterface,
  type RescueInterface,
  type VendorInterface,
} from '@ferric/core';
import { RedfishBIOS } from './bios.js';
import { RedfishFirmware } from './firmware.js';
import { RedfishInspect } from './inspect.js';
import { RedfishManagement } from './management.js';
import { RedfishPower } from './power.js';
import { RedfishRAID } from './raid.js';
import { RedfishVendor } from './vendor.js';

/**
 * The `redfish` hardware type (Ironic `RedfishHardware`): this package's Redfish
 * implementations first for power, management, inspect, bios, raid, firmware and
 * vendor, then the generic ones by name.
 *
 * Boot is listed by name in Ironic's order — `ipxe`, `pxe`, `http-ipxe`, `http`,
 * `redfish-virtual-media`, `redfish-https` — then core's `fake` boot; deploy is
 * `direct`, `ramdisk`, `custom-agent`, then core's `noop` deploy. A name is only
 * usable once a package registers it, and a runtime picks the first *enabled*
 * one, so with only this package installed a node gets real Redfish power,
 * management, inspection, BIOS, RAID and firmware, and boot/deploy fall back to
 * `fake`/`noop` (enable them explicitly): enough to enrol, inspect, clean and
 * manage hardware, not to write an image. Install `@ferric/boot-ipxe` (or
 * `@ferric/boot-vmedia`) and an agent deploy package for full deployments.
 * @public
 */
export class RedfishHardware extends AbstractHardwareType {
  readonly supportedPowerInterfaces: readonly ImplementationRef<PowerInterface>[] = [RedfishPower];
  readonly supportedManagementInterfaces: readonly ImplementationRef<ManagementInterface>[] = [
    RedfishManagement,
  ];
  readonly supportedBootInterfaces: readonly ImplementationRef<BootInterface>[] = [
    'ipxe',
    'pxe',
    'http-ipxe',
    'http',
    'redfish-virtual-media',
    'redfish-https',
    FakeBoot,
  ];
  readonly supportedDeployInterfaces: readonly ImplementationRef<DeployInterface>[] = [
    'direct',
    'ramdisk',
    'custom-agent',
    NoopDeploy,
  ];
  override readonly supportedInspectInterfaces: readonly ImplementationRef<InspectInterface>[] = [
    RedfishInspect,
    'agent',
    NoInspect,
  ];
  override readonly supportedBiosInterfaces: readonly ImplementationRef<BIOSInterface>[] = [
    RedfishBIOS,
    NoBIOS,
  ];
  override readonly supportedRaidInterfaces: readonly ImplementationRef<RAIDInterface>[] = [
    RedfishRAID,
    'agent',
    NoRAID,
  ];
  override readonly supportedFirmwareInterfaces: readonly ImplementationRef<FirmwareInterface>[] = [
    RedfishFirmware,
    NoFirmware,
  ];
  override readonly supportedVendorInterfaces: readonly ImplementationRef<VendorInterface>[] = [
    RedfishVendor,
    NoVendor,
  ];
  override readonly supportedNetworkInterfaces: readonly ImplementationRef<NetworkInterface>[] = [
    'flat',
    'neutron',
    NoopNetwork,
  ];
  override readonly supportedRescueInterfaces: readonly ImplementationRef<RescueInterface>[] = [
    'agent',
    NoRescue,
  ];
}
