# A tiny IPMI BMC on pyghmi's server (pyghmi.ipmi.bmc.Bmc, the base VirtualBMC
# builds on), used as Ferric's second, independent RMCP+ peer in tests.
#
#   /usr/bin/python3 pyghmi_bmc.py PORT STATE_DIR USER:PASSWORD [USER:PASSWORD ...]
#
# The simulated host is plain files in STATE_DIR, as with the ipmi_sim harness:
# `power` (0|1) and `boot` (the boot device name pyghmi decodes), and every
# chassis action is appended to `events.log` ("power 1", "boot network", ...),
# so tests can check what the BMC really did. Once bound, "ready PORT" is
# printed on stdout. The process exits when pyghmi raises out of its event loop
# (that is the "BMC crashed" signal tests look for).
#
# Written for Ferric's tests; Apache-2.0 like the rest of the repository.
import os
import sys

import pyghmi.ipmi.bmc as bmc


class FileBmc(bmc.Bmc):
    def __init__(self, authdata, port, state_dir):
        super().__init__(authdata, port=port, address='127.0.0.1')
        self.state_dir = state_dir
        for name, default in (('power', '0'), ('boot', 'default')):
            if not os.path.exists(self._path(name)):
                self._put(name, default)

    def _path(self, name):
        return os.path.join(self.state_dir, name)

    def _get(self, name):
        with open(self._path(name)) as f:
            return f.read().strip()

    def _put(self, name, value):
        tmp = self._path(name) + '.tmp'
        with open(tmp, 'w') as f:
            f.write(value + '\n')
        os.replace(tmp, self._path(name))

    def _event(self, text):
        with open(self._path('events.log'), 'a') as f:
            f.write(text + '\n')

    def get_power_state(self):
        return 'on' if self._get('power') == '1' else 'off'

    def power_on(self):
        self._put('power', '1')
        self._event('power 1')

    def power_off(self):
        self._put('power', '0')
        self._event('power 0')

    def power_shutdown(self):
        self._put('power', '0')
        self._event('shutdown 1')

    def power_reset(self):
        self._event('reset 1')

    def power_cycle(self):
        self._put('power', '1')
        self._event('cycle 1')

    def pulse_diag(self):
        self._event('diag 1')

    def get_boot_device(self):
        return self._get('boot')

    def set_boot_device(self, bootdevice):
        self._put('boot', str(bootdevice))
        self._event('boot %s' % bootdevice)


def main():
    port = int(sys.argv[1])
    state_dir = sys.argv[2]
    users = dict(pair.split(':', 1) for pair in sys.argv[3:])
    server = FileBmc(users, port, state_dir)
    print('ready %d' % port, flush=True)
    server.listen(timeout=30)


if __name__ == '__main__':
    main()
