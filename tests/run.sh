#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - the whole test suite, as `make check` runs it.
#
# 1. On the host: the userspace build (-Werror), the host unit tests
#    (build/tests/host/test_*), lint (checkpatch, clang-format).
# 2. For each kernel of the matrix (LKM_KVERS: 6.1 6.12 7.2 7.3): the module
#    build (W=1, C=2, no warning) and the VM suites (tests/vm/*.sh in one
#    boot, the kernel log checked after each suite and as a whole).
#    The oldest and the newest kernel (LKM_KVERS_FULL) get every suite
#    (oracles, stress, security, fuzz, install...), the page-table suite
#    again with 5-level paging, vm.sh's own behaviour, the splat detector
#    and the classroom demo (its pictures checked in headless Chromium);
#    the others get the oracle suites (pagewalk, binfmt_demo, sched_probe,
#    syscall_probe; and install on 6.12; its DKMS build, minutes under
#    TCG, runs in make check-all).
#    `make check-all` gives every kernel every part.
#    The kernels are tested two lanes at a time (a TCG VM keeps one core
#    busy): each full kernel starts a lane, the others follow in turn; the
#    first lane runs in this tree, each other one in a copy of the tree
#    under build/par/<kernel>/.
# 3. arm64 (in the lane with the least to do): the cross-builds (tools,
#    test programs, modules for 6.12 and 7.3 with W=1 C=2), vm.sh's
#    promises, the oracle suites, install and the classroom demo (its arm64
#    chapters, pictures checked in Chromium) in the arm64 lab VM on 6.12.
# Every part prints KTAP; the last line is "N passed, N failed[, N skipped]".
# Results and kernel logs are kept in build/test-results/.
#
# Usage: tests/run.sh [--host-only] [--serial] [--kernels "6.1 7.3"] [SUITE...]
#   SUITE     only these tests/vm suites (e.g. load_unload), on every kernel
#   --serial  one kernel after the other (slower, output in order as it comes)
#   LKM_ARM64_KVERS="6.12" LKM_ARM64_BUILD_KVERS="7.3" LKM_ARM64_SUITES="..."
#             the arm64 kernels booted, only built, and the suites run
#             there ("" skips each); LKM_ARM64_LPA2=1 the page-table
#             suite again with LPA2 (5 levels)

set -uo pipefail
. "$(dirname "$0")/../scripts/lib/common.sh"

host_only=
serial=
chain=
kernels=${LKM_TEST_KERNELS:-$LKM_KVERS}
suites=()
names=()
while [ $# -gt 0 ]; do
	case $1 in
	--host-only) host_only=1 ;;
	--serial) serial=1 ;;
	--chain) chain=$2 && shift ;; # internal: one kernel's parts, in this tree
	--kernels) kernels=$2 && shift ;;
	-h | --help) sed -n '3,36s/^# \{0,1\}//p' "$0" && exit 0 ;;
	*) suites+=("$LKM_ROOT/tests/vm/$1.sh") && names+=("$1") ;;
	esac
	shift
done

results=${LKM_TEST_RESULTS:-$LKM_ROOT/build/test-results}
if [ -z "$chain" ]; then
	rm -rf "$results"
	mkdir -p "$results"
fi

# part NAME CMD...: run one part, show its KTAP and keep it in
# $results/NAME.ktap (the totals are counted from those files). A part that
# fails without saying which test failed counts as one failure.
part() {
	local name=$1 out=$results/$1.ktap rc=0 t0=$SECONDS
	shift
	echo "# ---- $name"
	"$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	# Where the time goes (make check has a budget): results/times.tsv.
	printf '%s\t%d\n' "$name" $((SECONDS - t0)) >>"$results/times.tsv"
	if [ "$rc" -ne 0 ] && ! grep -qE '^[[:space:]]*not ok [0-9]+' "$out"; then
		echo "not ok 1 $name exited with status $rc" | tee -a "$out"
	fi
}

host_build() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	ktap_begin host-build 1
	local log=$results/host-build.log
	if make -C "$LKM_ROOT" tools examples test-progs >"$log" 2>&1; then
		ktap_ok "userspace tools and test programs build with -Wall -Wextra -Werror"
	else
		ktap_fail "userspace tools and test programs build with -Wall -Wextra -Werror" \
			"$(grep -E 'error:|warning:|\*\*\*' "$log" | head -n 20)"
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

# The oracle suites: each checks a module against an independent oracle.
oracle_suites=(pagewalk binfmt_demo sched_probe syscall_probe)
is_full() { [[ " $LKM_KVERS_FULL " == *" $1 "* ]]; }

# Everything one lab kernel needs, in order.
kernel_parts() {
	local k=$1 log list=("${suites[@]}") s
	part "build-$k" tests/hostvm/build.sh "$k"
	log=$results/vm-$k.log
	if [ ${#list[@]} -eq 0 ] && ! is_full "$k"; then
		for s in "${oracle_suites[@]}"; do
			list+=("$LKM_ROOT/tests/vm/$s.sh")
		done
		[ "$(lkm_series_of "$(lkm_resolve_abi "$k")")" != 6.12 ] ||
			list+=("$LKM_ROOT/tests/vm/install.sh")
	fi
	# 1 GiB more memory, reserved at boot as one 1 GiB huge page (it cannot
	# be reserved later) for the page-table suite's PUD-leaf tests.
	# (a generous limit: every suite in one boot, on a busy machine)
	part "vm-$k" scripts/vm.sh --kernel "$k" --log "$log" --timeout 3600 \
		--mem 3G --append "hugepagesz=1G hugepages=1" -- \
		tests/vm/run-suites.sh "${list[@]}"
	part "kernel-log-$k" kernel_log "$k" "$log"
	[ ${#suites[@]} -eq 0 ] && is_full "$k" || return 0
	# Page tables again with 5-level paging (LA57). The churn and the 1 GiB
	# process are about locking and memory, not levels: shorter here.
	log=$results/vm-$k-la57.log
	part "vm-$k-la57" scripts/vm.sh --kernel "$k" --la57 --log "$log" -- \
		env PAGEWALK_CHURN_SECONDS=10 PAGEWALK_BIG_MB=256 \
		tests/vm/run-suites.sh tests/vm/pagewalk.sh
	part "kernel-log-$k-la57" kernel_log "$k-la57" "$log"
	part "vm_sh-$k" tests/hostvm/vm_sh.sh "$k"
	part "splat_detector-$k" tests/hostvm/splat_detector.sh "$k"
	part "demo-$k" tests/hostvm/demo.sh "$k"
	part "browser-$k" tests/hostvm/browser.sh "$LKM_ROOT/build/demo-$k"
}

# The arm64 lab VM (LKM_ARM64_KVERS, default 6.12; "" to skip): its set-up
# (an arm64 root, kernel and headers in .cache/), the cross-build (W=1,
# C=2; also for LKM_ARM64_BUILD_KVERS, default 7.3, compile only), vm.sh's
# promises there, the oracle suites and install (LKM_ARM64_SUITES) in one
# arm64 boot and the classroom demo. `make check-all` runs them on 6.12 and 7.3.
# The suites boot without LPA2 (48-bit VAs, 4 levels: the CPUs of Apple
# M1/M2 and Raspberry Pis), the demo with it (52-bit VAs, 5 levels, as
# QEMU's max CPU offers); LKM_ARM64_LPA2=1 (make check-all) runs the
# page-table suite with LPA2 too.
arm64_parts() {
	local k log list=() s
	for s in ${LKM_ARM64_SUITES-${oracle_suites[*]} install}; do
		list+=("$LKM_ROOT/tests/vm/$s.sh")
	done
	for k in ${LKM_ARM64_KVERS-6.12}; do
		part "setup-arm64-$k" setup_arm64 vm "$k"
	done
	for k in ${LKM_ARM64_BUILD_KVERS-7.3}; do
		part "setup-arm64-$k" setup_arm64 build "$k"
	done
	part arm64-userspace arm64_userspace
	for k in ${LKM_ARM64_KVERS-6.12}; do
		part "build-$k-arm64" env LKM_DEB_ARCH=arm64 tests/hostvm/build.sh "$k"
		part "vm_sh-arm64-$k" env LKM_DEB_ARCH=arm64 tests/hostvm/vm_sh.sh "$k"
		[ ${#list[@]} -gt 0 ] || continue
		log=$results/vm-$k-arm64.log
		part "vm-$k-arm64" scripts/vm.sh --arch arm64 --no-lpa2 --kernel "$k" \
			--log "$log" --timeout 3600 --mem 3G \
			--append "hugepagesz=1G hugepages=1" -- \
			tests/vm/run-suites.sh "${list[@]}"
		part "kernel-log-$k-arm64" kernel_log "$k-arm64" "$log"
		if [ -n "${LKM_ARM64_LPA2:-}" ]; then
			log=$results/vm-$k-arm64-lpa2.log
			part "vm-$k-arm64-lpa2" scripts/vm.sh --arch arm64 --kernel "$k" \
				--log "$log" --timeout 3600 -- \
				env PAGEWALK_CHURN_SECONDS=10 PAGEWALK_BIG_MB=256 \
				tests/vm/run-suites.sh tests/vm/pagewalk.sh
			part "kernel-log-$k-arm64-lpa2" kernel_log "$k-arm64-lpa2" "$log"
		fi
		part "demo-$k-arm64" tests/hostvm/demo.sh "$k" arm64
		part "browser-$k-arm64" tests/hostvm/browser.sh "$LKM_ROOT/build/demo-$k-arm64"
	done
	for k in ${LKM_ARM64_BUILD_KVERS-7.3}; do
		part "build-$k-arm64" env LKM_DEB_ARCH=arm64 tests/hostvm/build.sh "$k"
	done
}
# The tools, examples and test programs cross-built for the arm64 guest.
arm64_userspace() {
	. "$LKM_ROOT/tests/lib/ktap.sh"
	local log=$results/arm64-userspace.log
	ktap_begin arm64-userspace 1
	if make -C "$LKM_ROOT" ARCH=arm64 tools examples test-progs >"$log" 2>&1; then
		ktap_ok "tools, examples and test programs cross-build for arm64 (-Werror)"
	else
		ktap_fail "tools, examples and test programs cross-build for arm64 (-Werror)" \
			"$(grep -E 'error:|warning:|\*\*\*' "$log" | head -n 20)"
	fi
	ktap_end
}
setup_arm64() { # vm|build KERNEL
	. "$LKM_ROOT/tests/lib/ktap.sh"
	local what="kernel $2 and its headers"
	[ "$1" = vm ] || what="headers of kernel $2"
	ktap_begin "setup-arm64-$2" 1
	ktap_check "arm64 root, $what fetched into .cache/" \
		env LKM_DEB_ARCH=arm64 scripts/setup.sh "$1" --kernels "$2"
	ktap_end
}

cd "$LKM_ROOT" || exit 1
if [ -n "$chain" ]; then
	for k in $chain; do
		if [ "$k" = arm64 ]; then
			arm64_parts
		else
			kernel_parts "$k"
		fi
	done
	exit 0
fi

# A copy of the tree for a kernel tested alongside the first one: sources
# with their git data (the DKMS test lists the tree with git) and built tools;
# not the cache or earlier results.
copy_tree() {
	local dst=$LKM_ROOT/build/par/$1
	rm -rf "$dst"
	mkdir -p "$dst"
	tar -C "$LKM_ROOT" --exclude=./.cache --exclude=./build/par \
		--exclude=./build/test-results --exclude=./build/vm-run \
		--exclude=./build/demo\* --exclude='./build/*-amd64' \
		--exclude='./build/*-arm64' -cf - . |
		tar -C "$dst" -xf -
	mkdir -p "$dst/.cache" # suites keep scratch files there
	# Interpreted toy programs name their interpreter by absolute path: the
	# copy's own toyvm, not this tree's (which its VM may not see).
	make -s -B -C "$dst/examples/toy" LKM_CACHE="$LKM_CACHE" >/dev/null
	echo "$dst"
}

start=$SECONDS
part host-build host_build
for t in "$LKM_ROOT"/build/tests/host/test_*; do
	[ -x "$t" ] && part "host-${t##*/}" "$t"
done
part tools-help tools_help
part lint lint

if [ -z "$host_only" ]; then
	# Lanes: each full kernel starts one; the other parts, heaviest first,
	# each join the lane with the least to do so far (the first such lane on
	# a tie), so that the lanes end together. Weights, the seconds of the
	# last runs / 100: a full kernel 10, the arm64 parts 13 (set-up,
	# cross-builds, suites with bpftrace, demo), another kernel 4 (with
	# LKM_TEST_DKMS, 6.x kernels 11). With the default matrix:
	# 6.1 arm64 | 7.3 6.12 7.2.
	weight() {
		if [ "$1" = arm64 ]; then
			echo 13
		elif is_full "$1"; then
			echo 10
		elif [ -n "${LKM_TEST_DKMS:-}" ] && [[ $1 == 6.* ]]; then
			echo 11
		else
			echo 4
		fi
	}
	lanes=() lane_w=()
	for k in $kernels; do
		is_full "$k" && lanes+=("$k") && lane_w+=("$(weight "$k")")
	done
	[ ${#lanes[@]} -gt 0 ] || lanes=("${kernels%% *}") lane_w=(0)
	rest=()
	for k in $kernels; do
		[[ " ${lanes[*]} " == *" $k "* ]] || rest+=("$(weight "$k") $k")
	done
	[ ${#suites[@]} -gt 0 ] || [ -z "${LKM_ARM64_KVERS-6.12}${LKM_ARM64_BUILD_KVERS-7.3}" ] ||
		rest+=("$(weight arm64) arm64")
	while read -r w k; do
		[ -n "$k" ] || continue
		best=0
		for i in "${!lanes[@]}"; do
			[ "${lane_w[i]}" -ge "${lane_w[best]}" ] || best=$i
		done
		lanes[best]+=" $k"
		lane_w[best]=$((lane_w[best] + w))
	done < <(printf '%s\n' "${rest[@]}" | sort -s -k1,1nr)
	pids=()
	if [ -z "$serial" ]; then
		for lane in "${lanes[@]:1}"; do
			echo "# ---- kernels $lane: tested in parallel, the output follows"
			dst=$(copy_tree "${lane%% *}")
			LKM_ROOT= LKM_CACHE=$LKM_CACHE LKM_TEST_RESULTS=$results \
				bash "$dst/tests/run.sh" --chain "$lane" "${names[@]}" \
				>"$results/chain-${lane%% *}.out" 2>&1 &
			pids+=($!)
		done
		for k in ${lanes[0]}; do
			if [ "$k" = arm64 ]; then
				arm64_parts
			else
				kernel_parts "$k"
			fi
		done
		for p in "${pids[@]}"; do
			wait "$p"
		done
		for lane in "${lanes[@]:1}"; do
			cat "$results/chain-${lane%% *}.out"
		done
	else
		for k in $kernels; do
			kernel_parts "$k"
		done
		[ ${#suites[@]} -gt 0 ] || arm64_parts
	fi
fi

# The reliability report: per kernel, what the stress, fuzz and
# load/unload suites did (from their "# name: N" diagnostics) and how many
# kernel-log checks found a splat.
diag_sum() { # DIAGNOSTIC FILE...: sum of N over "# DIAGNOSTIC: N" lines
	local d=$1
	shift
	cat "$@" 2>/dev/null | sed -n "s|^[[:space:]]*# $d: \([0-9]*\).*|\1|p" |
		awk '{ s += $1 } END { print s + 0 }'
}
report() {
	local k f
	echo "# reliability report"
	for k in $kernels; do
		f=("$results"/*-"$k".ktap "$results"/*-"$k"-la57.ktap)
		printf '#   %-5s fuzz cases %s, stress %s s, load/unload cycles %s, splats %s\n' \
			"$k" "$(diag_sum 'fuzz cases' "${f[@]}")" \
			"$(diag_sum 'stress duration' "${f[@]}")" \
			"$(diag_sum 'load/unload cycles' "${f[@]}")" \
			"$(cat "${f[@]}" 2>/dev/null |
				grep -cE '^[[:space:]]*not ok [0-9]+ .*(kernel log|no kernel splat)')"
	done
}
[ -n "$host_only" ] || report

count() {
	cat "$results"/*.ktap 2>/dev/null | grep -cE "$1"
}
passed=$(count '^[[:space:]]*ok [0-9]+')
skipped=$(count '^[[:space:]]*ok [0-9]+.*# SKIP')
failed=$(count '^[[:space:]]*not ok [0-9]+')
passed=$((passed - skipped))
if [ -s "$results/times.tsv" ]; then
	echo "# the longest parts (seconds; the two lanes overlap):"
	sort -t"$(printf '\t')" -k2,2nr "$results/times.tsv" | head -n 12 |
		awk -F'\t' '{ printf "#   %-28s %5d\n", $1, $2 }'
fi
echo "# total time $((SECONDS - start)) s; results in ${results#"$LKM_ROOT"/}/"
summary="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || summary+=", $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
