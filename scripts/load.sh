#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# load.sh - load the suite's modules on the machine it runs on (a student's
# own lab VM, or inside scripts/vm.sh), and when the kernel refuses one, say
# why and what to do instead of insmod's bare "Invalid module format" or
# "Key was rejected by service".
#
# Checks, per module: that it is built (for the running kernel: build/<uname
# -r>/, else modules/<name>/<name>.ko), that its vermagic names the running
# kernel, and after a refusal whether Secure Boot or lockdown demands signed
# modules.

set -uo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
	cat <<EOF
Usage: ${0##*/} [-r] [MODULE...]

Load the suite's modules (default: all four) into the running kernel, with
a clear reason and the command that fixes it when the kernel refuses one.

  -r          unload them instead
  -h, --help  this help

EXAMPLES
  sudo scripts/load.sh                 # all four
  sudo scripts/load.sh pagewalk        # one
  sudo scripts/load.sh -r              # unload all four
EOF
}

unload=
mods=()
while [ $# -gt 0 ]; do
	case $1 in
	-r) unload=1 ;;
	-h | --help) usage && exit 0 ;;
	-*) usage >&2 && exit 2 ;;
	*) mods+=("$1") ;;
	esac
	shift
done
[ ${#mods[@]} -gt 0 ] || mods=(binfmt_demo pagewalk sched_probe syscall_probe)
rel=$(uname -r)

if [ -n "$unload" ]; then
	status=0
	for m in "${mods[@]}"; do
		[ -d "/sys/module/$m" ] || continue
		rmmod "$m" || status=1
	done
	exit $status
fi

secure_boot() {
	local f
	for f in /sys/firmware/efi/efivars/SecureBoot-*; do
		[ -r "$f" ] && [ "$(od -An -tu1 -j4 -N1 "$f" 2>/dev/null | tr -d ' ')" = 1 ] && return 0
	done
	return 1
}

status=0
for m in "${mods[@]}"; do
	ko=$LKM_ROOT/build/$rel/$m.ko
	[ -f "$ko" ] || ko=$LKM_ROOT/modules/$m/$m.ko
	if [ ! -f "$ko" ]; then
		echo "$m: not built. Build it for this kernel: make KDIR=/lib/modules/$rel/build" >&2
		[ -e "/lib/modules/$rel/build" ] ||
			echo "  (that needs the headers of the running kernel: apt install linux-headers-$rel)" >&2
		status=1
		continue
	fi
	if [ -d "/sys/module/$m" ]; then
		echo "$m: already loaded"
		continue
	fi
	built=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
	if [ "$built" != "$rel" ]; then
		echo "$m: ${ko#"$LKM_ROOT"/} is built for kernel $built, this one is $rel." >&2
		echo "  Rebuild it for this kernel: make KDIR=/lib/modules/$rel/build" >&2
		[ -e "/lib/modules/$rel/build" ] ||
			echo "  (that needs the headers of the running kernel: apt install linux-headers-$rel)" >&2
		status=1
		continue
	fi
	if err=$(insmod "$ko" 2>&1); then
		echo "$m: loaded"
		continue
	fi
	status=1
	echo "$m: the kernel refused it: $err" >&2
	case $err in
	*"Key was rejected"* | *"Required key not available"* | *"Operation not permitted"*)
		if secure_boot || grep -qs '\[integrity\]\|\[confidentiality\]' /sys/kernel/security/lockdown; then
			echo "  Secure Boot (or kernel lockdown) accepts signed modules only: sign them" >&2
			echo "  with a key enrolled by mokutil: README.md, Troubleshooting, \"Secure Boot\"." >&2
		fi
		;;
	*"Invalid module format"*)
		echo "  See the kernel's reason: dmesg | tail" >&2
		;;
	esac
done
exit $status
