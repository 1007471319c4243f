#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# load_unload.sh - each module loads, creates its /proc folder, shows its
# parameters, unloads and leaves nothing behind; twice each, then all four
# together; a bad parameter value is refused with EINVAL. Runs in the VM.

. "$(dirname "$0")/../lib/ktap.sh"
cd "$(dirname "$0")/../.." || exit 1

declare -A param=([binfmt_demo]=verbose [pagewalk]=resched_pages
	[sched_probe]=max_tasks [syscall_probe]=max_entries)
mods="binfmt_demo pagewalk sched_probe syscall_probe"

ktap_begin load_unload 23

for m in $mods; do
	ko=modules/$m/$m.ko
	ok=1 why=
	for round in 1 2; do
		if ! err=$(insmod "$ko" 2>&1); then
			ok=0 why="round $round: insmod: $err" && break
		fi
		[ -d "/proc/$m" ] || { ok=0 why="round $round: no /proc/$m" && break; }
		[ -r "/sys/module/$m/parameters/${param[$m]}" ] ||
			{ ok=0 why="round $round: no parameter ${param[$m]}" && break; }
		if ! err=$(rmmod "$m" 2>&1); then
			ok=0 why="round $round: rmmod: $err" && break
		fi
		[ ! -e "/proc/$m" ] || { ok=0 why="round $round: /proc/$m left behind" && break; }
		[ ! -e "/sys/module/$m" ] || { ok=0 why="round $round: still loaded" && break; }
	done
	[ $ok = 1 ] && ktap_ok "$m loads, creates /proc/$m, unloads (twice)" ||
		ktap_fail "$m loads, creates /proc/$m, unloads (twice)" "$why"
done

for m in $mods; do
	ko=modules/$m/$m.ko
	for f in license description version; do
		v=$(modinfo -F "$f" "$ko")
		[ -n "$v" ] && ktap_ok "$m modinfo $f: $v" || ktap_fail "$m modinfo $f" "empty"
	done
	desc=$(modinfo -F parm "$ko" | grep "^${param[$m]}:")
	[ -n "${desc#*:}" ] && ktap_ok "$m parameter ${param[$m]} is described" ||
		ktap_fail "$m parameter ${param[$m]} is described"
done

ok=1
for m in $mods; do insmod "modules/$m/$m.ko" || ok=0; done
for m in $mods; do [ -d "/proc/$m" ] || ok=0; done
for m in $mods; do rmmod "$m" || ok=0; done
for m in $mods; do [ ! -e "/proc/$m" ] || ok=0; done
[ $ok = 1 ] && ktap_ok "all four load together and unload" ||
	ktap_fail "all four load together and unload"

err=$(insmod modules/pagewalk/pagewalk.ko resched_pages=0 2>&1)
rc=$?
# kmod's insmod words EINVAL as "Invalid parameters".
if [ $rc -ne 0 ] && [[ $err == *"Invalid param"* ]] && [ ! -e /proc/pagewalk ]; then
	ktap_ok "pagewalk resched_pages=0 is refused with EINVAL"
else
	ktap_fail "pagewalk resched_pages=0 is refused with EINVAL" "rc=$rc: $err"
	rmmod pagewalk 2>/dev/null
fi
err=$(insmod modules/sched_probe/sched_probe.ko max_tasks=1 2>&1) && rmmod sched_probe
[[ $err == *"Invalid param"* ]] && ktap_ok "sched_probe max_tasks=1 is refused with EINVAL" ||
	ktap_fail "sched_probe max_tasks=1 is refused with EINVAL" "$err"

ktap_end
