#!/bin/sh
# Installs the Debian packages of the real peers the tests talk to (the one list: .ci/run and
# `pnpm test` both run this script). Idempotent: when everything is installed it only asks dpkg.
#
#   scripts/install-peers.sh              install what is missing; fail if that is impossible (CI)
#   scripts/install-peers.sh --if-possible
#                                         the same when root with apt-get; otherwise print one line
#                                         naming what is missing and succeed (tests that need a missing
#                                         peer are then skipped; in CI a skip fails the run)
#   scripts/install-peers.sh --list       print the package list, one a line
set -eu

# Add a package here when a test needs a new Debian tool (and make that test skip without it).
PACKAGES="
  openipmi ipmitool freeipmi-tools socat python3-pyghmi
  python3-ironicclient python3-openstacksdk ironic-tempest-plugin
  python3-sushy redfishtool
  qemu-system-x86 qemu-utils ipxe-qemu ovmf
  xorriso grub-pc-bin grub-efi-amd64-bin mtools isolinux syslinux-common pxelinux dosfstools
  busybox-static dnsmasq tftp-hpa atftp curl openssl
  chromium
"
# What each group is for: an IPMI BMC (ipmi_sim) and IPMI clients; the baremetal CLI, openstacksdk and
# Ironic's tempest API tests; Redfish clients; QEMU with PXE/iPXE/UEFI firmware; what boot media and
# the agent ramdisk are built from; DHCP and TFTP; a browser for the web console tests.

mode=${1:-}
case "$mode" in
  '' | --if-possible) ;;
  --list)
    for p in $PACKAGES; do echo "$p"; done
    exit 0
    ;;
  *)
    echo "usage: $0 [--if-possible | --list]" >&2
    exit 2
    ;;
esac

# Says what is missing and how to install it in one line; fatal unless --if-possible.
cannot() {
  echo "install-peers: $1; tests that need them are skipped. Install as root: scripts/install-peers.sh" >&2
  [ "$mode" = --if-possible ] && exit 0
  exit 1
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  cannot "not a Debian system (no dpkg-query), so the Debian peers cannot be checked or installed"
fi

# One dpkg-query for all (it exits non-zero when a package is unknown to dpkg: that one is missing).
# shellcheck disable=SC2086 # word splitting of the package list is intended
installed=$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' $PACKAGES 2>/dev/null || true)
missing=""
for p in $PACKAGES; do
  echo "$installed" | grep -qx "installed $p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  cannot "Debian packages missing:$missing (installing them needs root and apt-get)"
fi

echo "install-peers: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # word splitting of the package list is intended
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends $missing; } >&2; then
  cannot "apt-get could not install:$missing"
fi
