#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit.sh - the KUnit suites of tests/kunit/ (the suite's pure logic: toy
# format rules, page-table entry decoding and format, histogram bucketing,
# control-file parsing), run in the VM: each test module is loaded (KUnit
# runs its suite at load), its KTAP results are read from
# /sys/kernel/debug/kunit/<suite>/results and reported here as one KTAP
# result per test case (per parameter for parameterized cases), then the
# module is removed. KUnit exists only on the debug kernel
# (scripts/debug-kernel.sh); on a kernel without it the suite is one
# SKIP. The modules are built by `make check-debug` (tests/check-debug.sh).

. "$(dirname "$0")/../lib/ktap.sh"
cd "$(dirname "$0")/../.." || exit 1

suites="lkm_hist lkm_toyexec lkm_pagewalk lkm_sched_probe lkm_syscall_probe"
kunit=/sys/kernel/debug/kunit

if [ ! -d "$kunit" ]; then
	ktap_begin kunit 1
	ktap_skip "KUnit suites" "kernel $(uname -r) has no KUnit (make check-debug runs them)"
	ktap_end
	exit
fi

# Flatten one suite's KTAP: "ok|not ok|skip<TAB>name<TAB>reason" lines, and
# "diag<TAB>text" lines after a failure (KUnit's expectation messages).
flatten() {
	awk -v suite="$1" '
	function put(st, name, rest,   reason) {
		reason = ""
		if (rest ~ /# SKIP/) {
			reason = rest
			sub(/.*# SKIP ?/, "", reason)
			st = "skip"
		}
		printf "%s\t%s: %s\t%s\n", st, suite, name, reason
		if (st == "not ok")
			printf "%s", diag
	}
	function parse(line,   st, rest, name) {
		st = line ~ /^not ok/ ? "not ok" : "ok"
		sub(/^(not )?ok [0-9]+ /, "", line)
		rest = line
		name = line
		sub(/ # .*/, "", name)
		PST = st; PNAME = name; PREST = rest
	}
	/^        # Subtest: / { sub(/^ *# Subtest: /, ""); sub_case = $0; nparam = 0; next }
	/^        (not )?ok [0-9]+ / {
		line = $0; sub(/^ */, "", line); parse(line)
		put(PST, sub_case ": " PNAME, PREST)
		nparam++; if (PST == "not ok") pfail++
		diag = ""; next
	}
	/^    (not )?ok [0-9]+ / {
		line = $0; sub(/^ */, "", line); parse(line)
		if (!nparam || (PST == "not ok" && !pfail))
			put(PST, PNAME, PREST)
		nparam = 0; pfail = 0; sub_case = ""; diag = ""; next
	}
	/^ *KTAP version|^ *1\.\.[0-9]+$|^ *# Subtest:|^(not )?ok [0-9]+ / { next }
	/^ *# [a-z_0-9]+: pass:[0-9]+ fail:/ { next }
	{ t = $0; sub(/^ */, "", t); diag = diag "diag\t" t "\n" }
	' "$2"
}

out=/tmp/kunit.flat
: >"$out"
for s in $suites; do
	ko=tests/kunit/${s}_kunit.ko
	name=${s}_kunit
	if [ ! -f "$ko" ]; then
		printf 'not ok\t%s: test module built\t\n' "$s" >>"$out"
		printf 'diag\tno %s: make check-debug builds it\n' "$ko" >>"$out"
		continue
	fi
	if ! err=$(insmod "$ko" 2>&1); then
		printf 'not ok\t%s: insmod %s\t\n' "$s" "$name" >>"$out"
		printf 'diag\t%s\n' "$err" >>"$out"
		continue
	fi
	if [ -r "$kunit/$s/results" ]; then
		cp "$kunit/$s/results" "/tmp/$s.ktap"
		flatten "$s" "/tmp/$s.ktap" >>"$out"
		grep -q "^ok 1 $s\$" "/tmp/$s.ktap" ||
			printf 'not ok\t%s: suite passes as a whole\t\n' "$s" >>"$out"
	else
		printf 'not ok\t%s: results in debugfs\t\n' "$s" >>"$out"
	fi
	rmmod "$name" 2>/dev/null ||
		printf 'not ok\t%s: rmmod %s\t\n' "$s" "$name" >>"$out"
done

ktap_begin kunit "$(grep -cv '^diag' "$out")"
while IFS=$'\t' read -r st name reason; do
	case $st in
	ok) ktap_ok "$name" ;;
	skip) ktap_skip "$name" "$reason" ;;
	"not ok") ktap_fail "$name" ;;
	diag) ktap_diag "$name" ;;
	esac
done <"$out"
ktap_end
