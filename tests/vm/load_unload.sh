#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# load_unload.sh - each module loads, creates its /proc folder, shows its
# parameters, unloads and leaves nothing behind; twice each, then all four
# together; a bad parameter value is refused with EINVAL. Runs in the VM.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1

declare -A param=([binfmt_demo]=verbose [pagewalk]=resched_pages
	[sched_probe]=max_tasks [syscall_probe]=max_entries)
mods="binfmt_demo pagewalk sched_probe syscall_probe"

# One load/unload round of module $1; prints why it failed.
round() {
	local m=$1 err
	err=$(insmod "modules/$m/$m.ko" 2>&1) || { echo "insmod: $err" && return 1; }
	[ -d "/proc/$m" ] || { echo "no /proc/$m" && return 1; }
	[ -r "/sys/module/$m/parameters/${param[$m]}" ] ||
		{ echo "no parameter ${param[$m]}" && return 1; }
	err=$(rmmod "$m" 2>&1) || { echo "rmmod: $err" && return 1; }
	[ ! -e "/proc/$m" ] || { echo "/proc/$m left behind" && return 1; }
	[ ! -e "/sys/module/$m" ] || { echo "still loaded" && return 1; }
}

t_twice() {
	local why
	if why=$(round "$1") && why=$(round "$1"); then
		ktap_ok "$1 loads, creates /proc/$1, unloads (twice)"
	else
		ktap_fail "$1 loads, creates /proc/$1, unloads (twice)" "$why"
	fi
}

t_modinfo() { # MODULE FIELD
	local v
	v=$(modinfo -F "$2" "modules/$1/$1.ko")
	[ -n "$v" ] && ktap_ok "$1 modinfo $2: $v" || ktap_fail "$1 modinfo $2" "empty"
}

t_param_described() {
	local desc
	desc=$(modinfo -F parm "modules/$1/$1.ko" | grep "^${param[$1]}:")
	[ -n "${desc#*:}" ] && ktap_ok "$1 parameter ${param[$1]} is described" ||
		ktap_fail "$1 parameter ${param[$1]} is described"
}

t_all_four() {
	local ok=1 m
	for m in $mods; do insmod "modules/$m/$m.ko" || ok=0; done
	for m in $mods; do [ -d "/proc/$m" ] || ok=0; done
	for m in $mods; do rmmod "$m" || ok=0; done
	for m in $mods; do [ ! -e "/proc/$m" ] || ok=0; done
	[ $ok = 1 ] && ktap_ok "all four load together and unload" ||
		ktap_fail "all four load together and unload"
}

# kmod's insmod words EINVAL as "Invalid parameters".
t_bad_param() { # MODULE PARAM=VALUE
	local err rc
	err=$(insmod "modules/$1/$1.ko" "$2" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && [[ $err == *"Invalid param"* ]] && [ ! -e "/proc/$1" ]; then
		ktap_ok "$1 $2 is refused with EINVAL"
	else
		ktap_fail "$1 $2 is refused with EINVAL" "rc=$rc: $err"
		rmmod "$1" 2>/dev/null
	fi
}

tests=()
for m in $mods; do
	tests+=("t_twice $m")
done
for m in $mods; do
	tests+=("t_modinfo $m license" "t_modinfo $m description" "t_modinfo $m version"
		"t_param_described $m")
done
tests+=(t_all_four "t_bad_param pagewalk resched_pages=0"
	"t_bad_param sched_probe max_tasks=1")

ktap_run load_unload "${tests[@]}"
