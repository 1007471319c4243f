#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-suites.sh - run test suites inside the lab VM and check the kernel log
# after each one. Usage: run-suites.sh [SUITE...] (default: every
# tests/vm/*.sh but this one). Each suite prints KTAP; after it, one more
# KTAP result says whether the kernel log stayed free of splats meanwhile,
# and a suite that stopped before its plan was done gets a failed result.
# Exit status 1 if anything failed.

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/ktap.sh"

if [ $# -eq 0 ]; then
	for s in "$here"/*.sh; do
		[ "${s##*/}" = run-suites.sh ] || set -- "$@" "$s"
	done
fi

echo "# kernel $(uname -r), $(nproc) CPUs, $(grep -c '' /proc/modules) modules loaded"
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for s in "$@"; do
	name=${s##*/}
	name=${name%.sh}
	dmesg -C
	bash "$s" | tee "$out"
	rc=${PIPESTATUS[0]}
	[ "$rc" -eq 0 ] || status=1
	# A suite cut short (a shell error aborts a table-driven suite before
	# its ktap_end) must not pass for a shorter one: count its results.
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out" | head -n 1)
	got=$(grep -cE '^(not )?ok [0-9]+' "$out")
	if [ -n "$plan" ] && [ "$got" -lt "$plan" ]; then
		echo "not ok $((got + 1)) $name stopped after $got of $plan planned tests (exit status $rc)"
		status=1
	fi
	ktap_begin "$name-kernel-log" 1
	if splats=$("$here/../lib/splat-scan.sh" < <(dmesg)); then
		ktap_ok "no kernel splat during $name"
	else
		ktap_fail "no kernel splat during $name" "$splats"
		dmesg | tail -n 60 | sed 's/^/# /'
	fi
	ktap_end || status=1
done
exit $status
