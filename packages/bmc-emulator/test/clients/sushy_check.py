"""Drives a running Ferric BMC emulator with sushy (the Redfish library Ironic uses).

Usage: sushy_check.py URL USERNAME PASSWORD SYSTEM_PATH MANAGER_PATH IMAGE_URL FIRMWARE_URL
Prints one JSON object with what sushy observed; exits non-zero on any sushy error.
The password is passed on the command line only because this is a throwaway test account.
"""
import json
import sys
import time

import sushy

url, username, password, system_path, manager_path, image_url, firmware_url = sys.argv[1:8]
out = {}

conn = sushy.Sushy(url + '/redfish/v1',
                   auth=sushy.auth.SessionAuth(username=username, password=password))
out['redfish_version'] = conn.redfish_version
out['uuid'] = conn.uuid
out['systems'] = sorted(conn.get_system_collection().members_identities)
out['managers'] = sorted(conn.get_manager_collection().members_identities)
out['chassis'] = sorted(conn.get_chassis_collection().members_identities)

system = conn.get_system(system_path)
out['power_before'] = system.power_state.value
out['allowed_resets'] = sorted(v.value for v in system.get_allowed_reset_system_values())
system.reset_system(sushy.ResetType.ON)
for _ in range(100):
    system.refresh()
    if system.power_state == sushy.PowerState.ON:
        break
    time.sleep(0.05)
out['power_after_on'] = system.power_state.value

system.set_system_boot_options(sushy.BootSource.PXE,
                               enabled=sushy.BootSourceOverrideEnabled.ONCE,
                               mode=sushy.BootSourceOverrideMode.UEFI)
system.refresh()
out['boot'] = {
    'target': system.boot.target.value,
    'enabled': system.boot.enabled.value,
    'mode': system.boot.mode.value,
}
out['memory_gib'] = system.memory_summary.size_gib
out['cpus'] = system.processors.summary.count
out['macs'] = sorted(nic.mac_address for nic in system.ethernet_interfaces.get_members())
out['drives'] = sum(len(s.drives) for s in system.storage.get_members())

manager = conn.get_manager(manager_path)
cd = next(m for m in manager.virtual_media.get_members() if m.identity == 'Cd')
cd.insert_media(image_url, inserted=True, write_protected=True)
cd.refresh()
out['media_inserted'] = {'inserted': cd.inserted, 'image': cd.image}
cd.eject_media()
cd.refresh()
out['media_ejected'] = {'inserted': cd.inserted, 'image': cd.image}

bios = system.bios
out['bios_virtualization'] = bios.attributes['ProcVirtualization']
# Debian's python3-sushy lacks its packaged standard registries, so bios.get_attribute_registry()
# fails before it reaches the service; read ours through sushy's own registry-file parser instead.
from sushy.resources.registry import message_registry_file  # noqa: E402
registry_file = message_registry_file.MessageRegistryFile(
    conn._conn, '/redfish/v1/Registries/' + bios._attribute_registry,
    redfish_version=conn.redfish_version)
registry = registry_file.get_attribute_registry('en', None)
out['bios_registry'] = sorted(a.name for a in registry.registry_entries.attributes) if registry else None
bios.set_attributes({'ProcVirtualization': 'Disabled'})
out['bios_pending'] = dict(bios.pending_attributes)
system.reset_system(sushy.ResetType.FORCE_RESTART)
bios.refresh()
system.bios.refresh()
out['bios_after_reset'] = conn.get_system(system_path).bios.attributes['ProcVirtualization']

system.reset_system(sushy.ResetType.FORCE_OFF)
for _ in range(100):
    system.refresh()
    if system.power_state == sushy.PowerState.OFF:
        break
    time.sleep(0.05)
out['power_after_off'] = system.power_state.value

update = conn.get_update_service()
monitor = update.simple_update(firmware_url,
                               transfer_protocol=sushy.UpdateTransferProtocolType.HTTP)
polls = 0
while monitor.check_is_processing and polls < 200:
    polls += 1
    time.sleep(0.05)
out['update_polls'] = polls
out['update_task_state'] = monitor.get_task().task_state.value
out['bios_version'] = conn.get_system(system_path).bios_version

print(json.dumps(out))
