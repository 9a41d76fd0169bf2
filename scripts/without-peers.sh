#!/bin/sh
# Runs a command as if the Debian peers of scripts/install-peers.sh were not installed, to check that
# every test needing one skips instead of failing:
#
#   sudo scripts/without-peers.sh npx vitest run packages/agent
#
# Root only: the command runs in a private mount namespace where an overlay over /usr hides every file
# of the peer packages and of the packages only they pull in (libraries, Python modules, firmware).
# What the base system, Node, Python, Git, PostgreSQL and RabbitMQ need stays. Nothing outside the
# namespace changes.
set -eu
[ $# -gt 0 ] || { echo "usage: $0 command [args...]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "without-peers: needs root (mount namespace + overlay)" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/without-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

closure() {
  # shellcheck disable=SC2068 # word splitting of the package list is intended
  apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances $@ 2>/dev/null | grep -v '^[ <]' | sort -u
}
base=$(dpkg-query -W -f='${Package} ${Priority} ${Essential}\n' |
  awk '$2 == "required" || $2 == "important" || $3 == "yes" { print $1 }')
closure "$base" nodejs python3 git ca-certificates postgresql rabbitmq-server >"$work/keep"
closure "$(sh "$here/install-peers.sh" --list)" >"$work/peers"
comm -23 "$work/peers" "$work/keep" >"$work/hide"

# One whiteout (a 0:0 character device) in the overlay's upper layer per file or directory of a hidden
# package that no other installed package owns; a hidden directory hides all below it (an empty leftover
# directory would still import as a Python namespace package). /bin, /sbin, /lib are /usr's (merged /usr).
dpkg-query -W -f='${Package}\n' | sort -u | comm -23 - "$work/hide" >"$work/others"
# shellcheck disable=SC2046 # one argument per package
dpkg -L $(cat "$work/others") >"$work/others-paths" 2>/dev/null || true
# shellcheck disable=SC2046 # one argument per package
dpkg -L $(cat "$work/hide") 2>/dev/null | /usr/bin/python3 -c '
import os, stat, sys
upper, others = sys.argv[1], sys.argv[2]
def norm(p):
    for d in ("/bin/", "/sbin/", "/lib/", "/lib64/"):
        if p.startswith(d):
            return "/usr" + p
    return p
kept = {norm(l.strip()) for l in open(others)}
hidden = set()
for path in sorted({norm(l.strip()) for l in sys.stdin}):
    if not path.startswith("/usr/") or path in kept or not os.path.lexists(path):
        continue
    parts = path.split("/")
    if any("/".join(parts[:i]) in hidden for i in range(3, len(parts))):
        continue
    hidden.add(path)
    target = os.path.join(upper, path[len("/usr/"):])
    os.makedirs(os.path.dirname(target), exist_ok=True)
    os.mknod(target, stat.S_IFCHR | 0o600, os.makedev(0, 0))
' "$work/upper" "$work/others-paths"
mkdir -p "$work/overlay-work"
echo "without-peers: hiding $(wc -l <"$work/hide") packages" >&2

unshare --mount --propagation private sh -c '
  mount -t overlay overlay -o "lowerdir=/usr,upperdir=$1/upper,workdir=$1/overlay-work" /usr
  shift
  exec "$@"
' without-peers "$work" "$@"
