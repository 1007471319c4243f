# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - what the VM suites share (source it after tests/lib/ktap.sh).
#
#   on_exit CMD           run CMD (a shell string) when the suite exits,
#                         last registered first; one EXIT trap for all
#   wait_until [-t S] CMD...  poll CMD every 0.1 s until it succeeds; fails
#                         after S seconds (default LKM_WAIT_S, 120): the
#                         limit only bounds a hang, checks never rely on it
#   proc_status PID KEY   a value of /proc/PID/status (voluntary_ctxt_switches,
#                         nonvoluntary_ctxt_switches, VmRSS...), the kernel's
#                         own account that the probes are checked against
#   need_files FILE...    "Bail out!" (the suite cannot run) unless each
#                         FILE is executable, with the command that builds it
#   load_mods MOD...      insmod each module of the tree (the booted kernel's
#                         build); unloaded again at exit
#   stop_bg PID...        SIGINT each background PID (bpftrace prints its maps
#                         on it), again every 5 s, SIGKILL what has not exited
#                         60 s later, reap them: never waits forever (a
#                         background command of a script ignores SIGINT until
#                         it sets a handler)

lkm_exit_cmds=()
lkm_run_exit() {
	local i
	for ((i = ${#lkm_exit_cmds[@]} - 1; i >= 0; i--)); do
		eval "${lkm_exit_cmds[i]}" 2>/dev/null
	done
}
trap lkm_run_exit EXIT

on_exit() {
	lkm_exit_cmds+=("$1")
}

wait_until() {
	local limit=${LKM_WAIT_S:-120} i
	if [ "$1" = -t ]; then
		limit=$2
		shift 2
	fi
	for ((i = 0; i < limit * 10; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

proc_status() {
	awk -v k="$2:" '$1 == k { print $2; exit }' "/proc/$1/status" 2>/dev/null
}

need_files() {
	local f
	for f in "$@"; do
		if [ ! -x "$f" ]; then
			echo "Bail out! $f missing: make KVER=\$(uname -r) all test-progs"
			exit 1
		fi
	done
}

load_mods() {
	local m
	for m in "$@"; do
		insmod "modules/$m/$m.ko" || return 1
		on_exit "rmmod $m"
	done
}

# Whether none of the PIDs runs any more (gone, or a zombie not reaped yet).
bg_gone() {
	local p st
	for p in "$@"; do
		st=
		read -r st 2>/dev/null <"/proc/$p/stat"
		st=${st##*) } # the state follows the command name
		[ -z "$st" ] || [ "${st%% *}" = Z ] || return 1
	done
}

# bt_silent FILE: a bpftrace companion printed no map (killed 60 s after
# SIGINT: seen on loaded hosts, with its twin done in 1 s). The oracle is
# then missing, not wrong: the comparison is skipped, saying so.
bt_silent() { ! grep -q '^@' "$1"; }
# bpftrace 0.17 now and then stays in epoll_wait() after a SIGINT, tracing
# on (1 of 3 companions in 2 of 6 runs of three on 6.12); the next SIGINT
# stops it (seen 5 s later in the same experiment): so it is sent again.
stop_bg() {
	local i
	kill -INT "$@" 2>/dev/null
	for ((i = 1; i <= 600; i++)); do
		bg_gone "$@" && break
		sleep 0.1
		((i % 50)) || kill -INT "$@" 2>/dev/null
	done
	bg_gone "$@" || kill -KILL "$@" 2>/dev/null
	wait "$@" 2>/dev/null
}
