#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - inside the debug-kernel VM (tests/check-debug.sh): the given
# tests/vm suites through run-suites.sh (kernel log checked after each),
# then a kmemleak scan of everything they left behind. Prints KTAP; exit
# status 1 if anything failed.

here=$(cd "$(dirname "$0")/.." && pwd)
echo "# booted in $(cut -d' ' -f1 /proc/uptime) s (uptime at the first command)"
# binfmt_demo's fuzz costs 0.17 s an exec here (2000 by default, 6 min):
# 500 on this kernel, which checks each one far more closely (LKM_DEBUG_FUZZ).
export BINFMT_DEMO_FUZZ=${BINFMT_DEMO_FUZZ:-${LKM_DEBUG_FUZZ:-500}}
# A listing of pagewalk_churn's process takes about 10 s here: race it for
# 60 s instead of 20 so that the readers get their 3 reads in.
export PAGEWALK_CHURN_SECONDS=${PAGEWALK_CHURN_SECONDS:-60}
# Leaks from before the suites (boot) are not ours.
[ -w /sys/kernel/debug/kmemleak ] && echo clear >/sys/kernel/debug/kmemleak
status=0
"$here/run-suites.sh" "$@" || status=1

. "$here/../lib/ktap.sh"
leaks=/sys/kernel/debug/kmemleak
ktap_begin kmemleak 1
if [ ! -w "$leaks" ]; then
	ktap_skip "no leak reported by kmemleak" "no $leaks on $(uname -r)"
else
	# An object is reported once it has been unreferenced for two scans
	# (and at least 5 s old): scan twice, a few seconds apart.
	echo scan >"$leaks"
	sleep 6
	echo scan >"$leaks"
	report=$(cat "$leaks")
	if [ -z "$report" ]; then
		ktap_ok "no leak reported by kmemleak"
	else
		ktap_fail "no leak reported by kmemleak" "$(head -n 60 <<<"$report")"
	fi
fi
ktap_end || status=1
exit $status
