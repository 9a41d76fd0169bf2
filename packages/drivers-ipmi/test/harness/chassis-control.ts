// The chassis_control program every simulated BMC runs (ipmi_lan(5)), kept as a
// string so the harness works from any location (tests, compiled benchmark).
/** Shell source of the chassis_control program. */
export const CHASSIS_CONTROL_SCRIPT = `#!/bin/sh
# chassis_control program for OpenIPMI's ipmi_sim (ipmi_lan(5)), one per simulated host.
#   chassis-control.sh DIR get power|boot ...      -> prints "parm:value" lines
#   chassis-control.sh DIR set PARM VALUE ...      -> power 0|1, reset 1, shutdown 1, boot DEV, identify SECS FORCE
# The simulated host is plain files in DIR (power, boot) so tests can read what
# the BMC really did, and change it behind the driver's back. Every "set" is
# appended to DIR/events.log as "<parm> <value>" (no timestamps: tests must not
# depend on timing). Writes go through a temp file + mv so readers never see a
# half-written value.
dir=$1; shift
op=$1; shift
[ -n "$dir" ] && [ -n "$op" ] || { echo "usage: chassis-control.sh DIR get|set ..."; exit 1; }
[ -f "$dir/power" ] || echo 0 > "$dir/power"
[ -f "$dir/boot" ] || echo default > "$dir/boot"

put() { echo "$2" > "$dir/$1.tmp" && mv "$dir/$1.tmp" "$dir/$1"; }

case $op in
  get)
    for parm in "$@"; do
      case $parm in
        power|boot) echo "$parm:$(cat "$dir/$parm")" ;;
        *) echo "Invalid parameter: $parm"; exit 1 ;;
      esac
    done ;;
  set)
    while [ $# -gt 0 ]; do
      parm=$1; val=$2; shift 2 || { echo "No value for $parm"; exit 1; }
      case $parm in
        power) case $val in 0|1) put power "$val" ;; *) echo "Invalid power value: $val"; exit 1 ;; esac ;;
        reset) ;;                       # a reset pulse leaves the power state alone
        shutdown) put power 0 ;;        # the simulated OS obeys an ACPI soft-off at once
        boot) case $val in none|pxe|default|cdrom|bios) put boot "$val" ;; *) echo "Invalid boot value: $val"; exit 1 ;; esac ;;
        identify) put identify "$val $1"; shift ;;
        *) echo "Invalid parameter: $parm"; exit 1 ;;
      esac
      echo "$parm $val" >> "$dir/events.log"
    done ;;
  check) exit 1 ;;
  *) echo "Unknown operation: $op"; exit 1 ;;
esac
exit 0
`;
