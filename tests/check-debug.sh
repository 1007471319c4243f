#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-debug.sh - the whole VM suite on the debug kernel, as `make
# check-debug` runs it: KASAN, lockdep, PROVE_RCU, UBSAN, KFENCE,
# DEBUG_VM, DEBUG_LIST, atomic-sleep, hung-task and soft-lockup checks
# watch every test, and KUnit and fault injection are available.
#
# 1. The debug kernel (scripts/debug-kernel.sh: cached; about 9 min to
#    build the first time), the four modules, the test modules and the
#    KUnit modules (tests/kunit/) built against it with W=1 and sparse.
# 2. One boot of `vm.sh --kernel debug`: every tests/vm suite but install
#    (make install and DKMS need the kernel's headers package, which a
#    self-built kernel does not have: they run on the stock kernels) with
#    the kernel log checked after each, including kunit (the KUnit suites)
#    and failslab (allocation failures); then a kmemleak scan.
# 3. The whole kernel log of that boot scanned for splats (the reports of
#    allocations that failslab made fail on purpose taken out first).
# Prints KTAP; the last line is "N passed, N failed[, N skipped]". Results
# and the kernel log are kept in build/test-results/debug/.
#
# Usage: tests/check-debug.sh [SUITE...]   (SUITE: e.g. kunit pagewalk)
#   LKM_DEBUG_TIMEOUT   seconds the VM may run (default 5400)
#   LKM_DEBUG_FUZZ      binfmt_demo fuzz execs on this kernel (default 500;
#                       tests/vm/debug/run.sh also races pagewalk 60 s)
#   LKM_FAILSLAB_*      see tests/vm/failslab.sh

set -uo pipefail
. "$(dirname "$0")/../scripts/lib/common.sh"
cd "$LKM_ROOT" || exit 1

suites=()
for s in "$@"; do
	suites+=("tests/vm/$s.sh")
done
if [ ${#suites[@]} -eq 0 ]; then
	for s in tests/vm/*.sh; do
		case ${s##*/} in
		run-suites.sh | install.sh) ;;
		*) suites+=("$s") ;;
		esac
	done
fi

results=$LKM_ROOT/build/test-results/debug
rm -rf "$results"
mkdir -p "$results"
passed=0 failed=0 skipped=0

# part NAME CMD...: run one part, show its KTAP, add up its results (as
# tests/run.sh does). A part that fails without a failed test counts one.
part() {
	local name=$1 out=$results/$1.ktap rc=0 p f s
	shift
	echo "# ---- $name"
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	p=$(grep -cE '^[[:space:]]*ok [0-9]+' "$out")
	s=$(grep -cE '^[[:space:]]*ok [0-9]+.*# SKIP' "$out")
	f=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok 1 $name exited with status $rc"
		f=1
	fi
	passed=$((passed + p - s))
	skipped=$((skipped + s))
	failed=$((failed + f))
}

build() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	local log=$results/build.log kdir rel bad="" ko v warnings
	ktap_begin build-debug 4
	if kdir=$(scripts/debug-kernel.sh 2>"$results/debug-kernel.log"); then
		ktap_ok "debug kernel built (cached in ${kdir#"$LKM_ROOT"/})"
	else
		ktap_fail "debug kernel built" "$(tail -n 20 "$results/debug-kernel.log")"
		ktap_end
		return 1
	fi
	rel=$(cat "$kdir/include/config/kernel.release")
	if make KDIR="$kdir" W=1 C=2 modules test-modules >"$log" 2>&1 &&
		make -C "$kdir" M="$LKM_ROOT/tests/kunit" W=1 C=2 -j"$(nproc)" \
			modules >>"$log" 2>&1; then
		ktap_ok "modules, test modules and KUnit modules build for $rel"
	else
		ktap_fail "modules, test modules and KUnit modules build for $rel" \
			"$(tail -n 20 "$log")"
	fi
	warnings=$(grep -E 'warning:|error:|^.*: note:' "$log")
	[ -z "$warnings" ] && ktap_ok "no warning with W=1 and sparse (C=2) on $rel" ||
		ktap_fail "no warning with W=1 and sparse (C=2) on $rel" "$warnings"
	for ko in modules/*/*.ko tests/modules/*/*.ko tests/kunit/*.ko; do
		v=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
		[ "$v" = "$rel" ] || bad+="$ko: '$v' "
	done
	[ -z "$bad" ] && ktap_ok "every .ko is built for $rel" ||
		ktap_fail "every .ko is built for $rel" "$bad"
	ktap_end
}

skipped_suites() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	ktap_begin install-debug 1
	ktap_skip "install suite" "make install and DKMS need a headers package; they run on the stock kernels"
	ktap_end
}

# The kernel log of the whole boot, boot to power-off, free of splats.
kernel_log() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	local splats
	ktap_begin kernel-log-debug 1
	if [ ! -s "$1" ]; then
		ktap_fail "kernel log of the debug VM run is clean" "no log at $1"
	elif splats=$(tests/vm/debug/alloc-filter.sh "$1" | tests/lib/splat-scan.sh); then
		ktap_ok "kernel log of the debug VM run is clean"
	else
		ktap_fail "kernel log of the debug VM run is clean" "$splats"
	fi
	ktap_end
}

start=$SECONDS
part build-debug build
if [ "$failed" -eq 0 ]; then
	[ $# -gt 0 ] || part install-debug skipped_suites
	log=$results/vm-debug.log
	vm_start=$SECONDS
	part vm-debug scripts/vm.sh --kernel debug --timeout "${LKM_DEBUG_TIMEOUT:-5400}" \
		--log "$log" -- tests/vm/debug/run.sh "${suites[@]}"
	echo "# debug VM run: $((SECONDS - vm_start)) s"
	part kernel-log-debug kernel_log "$log"
fi

echo "# total time $((SECONDS - start)) s; results in ${results#"$LKM_ROOT"/}/"
summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary+=", $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
