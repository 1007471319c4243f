#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - the whole test suite, as `make check` runs it.
#
# 1. On the host: the userspace build (-Werror), the host unit tests
#    (build/tests/host/test_*), lint (checkpatch, clang-format).
# 2. For each lab kernel (6.1, 6.12): the module build (W=1, C=2, no warning),
#    the VM suite (tests/vm/*.sh in one boot, kernel log checked after each
#    suite and as a whole), the page-table suite again with 5-level paging,
#    vm.sh's own behaviour, the splat detector.
# Every part prints KTAP; the last line is "N passed, N failed[, N skipped]".
# Results and kernel logs are kept in build/test-results/.
#
# Usage: tests/run.sh [--host-only] [--kernels "6.1 6.12"] [SUITE...]
#   SUITE   only these tests/vm suites (e.g. load_unload), on every kernel

set -uo pipefail
. "$(dirname "$0")/../scripts/lib/common.sh"

host_only=
kernels=${LKM_TEST_KERNELS:-$LKM_KVERS}
suites=()
while [ $# -gt 0 ]; do
	case $1 in
	--host-only) host_only=1 ;;
	--kernels) kernels=$2 && shift ;;
	-h | --help) sed -n '3,16s/^# \{0,1\}//p' "$0" && exit 0 ;;
	*) suites+=("$LKM_ROOT/tests/vm/$1.sh") ;;
	esac
	shift
done

results=$LKM_ROOT/build/test-results
rm -rf "$results"
mkdir -p "$results"
passed=0 failed=0 skipped=0

# part NAME CMD...: run one part, show its KTAP, add up its results. A part
# that fails without saying which test failed counts as one failure.
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

host_build() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	ktap_begin host-build 1
	local log=$results/host-build.log
	if make -C "$LKM_ROOT" tools examples test-progs >"$log" 2>&1; then
		ktap_ok "userspace tools and test programs build with -Wall -Wextra -Werror"
	else
		ktap_fail "userspace tools and test programs build with -Wall -Wextra -Werror" \
			"$(grep -E 'error|warning' "$log" | head -n 20)"
	fi
	ktap_end
}

lint() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	ktap_begin lint 2
	ktap_check "checkpatch --strict clean on the kernel code" "$LKM_ROOT/scripts/lint.sh" checkpatch
	ktap_check "clang-format (kernel .clang-format) clean" "$LKM_ROOT/scripts/lint.sh" format
	ktap_end
}

# Every tool answers -h with a usage and EXAMPLES, exit status 0 (bcc style).
tools_help() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	local tools=("$LKM_ROOT"/build/bin/*) t out
	ktap_begin tools-help ${#tools[@]}
	for t in "${tools[@]}"; do
		if out=$("$t" -h 2>&1) && grep -q '^Usage:' <<<"$out" &&
			grep -q '^EXAMPLES' <<<"$out"; then
			ktap_ok "${t##*/} -h shows usage and EXAMPLES"
		else
			ktap_fail "${t##*/} -h shows usage and EXAMPLES" "$out"
		fi
	done
	ktap_end
}

# The kernel log of a whole VM run, boot to power-off, must be free of splats.
kernel_log() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	ktap_begin "kernel-log-$1" 1
	local splats
	if [ ! -s "$2" ]; then
		ktap_fail "kernel log of the $1 VM run is clean" "no log at $2"
	elif splats=$("$LKM_ROOT/tests/lib/splat-scan.sh" "$2"); then
		ktap_ok "kernel log of the $1 VM run is clean"
	else
		ktap_fail "kernel log of the $1 VM run is clean" "$splats"
	fi
	ktap_end
}

start=$SECONDS
cd "$LKM_ROOT" || exit 1
part host-build host_build
for t in "$LKM_ROOT"/build/tests/host/test_*; do
	[ -x "$t" ] && part "host-${t##*/}" "$t"
done
part tools-help tools_help
part lint lint

if [ -z "$host_only" ]; then
	for k in $kernels; do
		part "build-$k" tests/hostvm/build.sh "$k"
		log=$results/vm-$k.log
		part "vm-$k" scripts/vm.sh --kernel "$k" --log "$log" -- \
			tests/vm/run-suites.sh "${suites[@]}"
		part "kernel-log-$k" kernel_log "$k" "$log"
		# Page tables again with 5-level paging (LA57).
		if [ -f tests/vm/pagewalk.sh ] && [ ${#suites[@]} -eq 0 ]; then
			log=$results/vm-$k-la57.log
			part "vm-$k-la57" scripts/vm.sh --kernel "$k" --la57 --log "$log" -- \
				tests/vm/run-suites.sh tests/vm/pagewalk.sh
			part "kernel-log-$k-la57" kernel_log "$k-la57" "$log"
		fi
		part "vm_sh-$k" tests/hostvm/vm_sh.sh "$k"
		part "splat_detector-$k" tests/hostvm/splat_detector.sh "$k"
	done
fi

echo "# total time $((SECONDS - start)) s; results in ${results#"$LKM_ROOT"/}/"
summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary+=", $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
