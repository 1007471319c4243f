# SPDX-License-Identifier: GPL-2.0
#
# ktap.sh - KTAP output for the shell test suites (source it).
#
#   ktap_begin NAME N      header and plan of N tests
#   ktap_ok NAME           a passing test
#   ktap_fail NAME [WHY]   a failing test, with a diagnostic line
#   ktap_skip NAME WHY     a skipped test
#   ktap_check NAME CMD... pass if CMD exits 0 (its output is kept as diag)
#   ktap_expect NAME WANT GOT   pass if the two strings are equal
#   ktap_end               checks the plan; returns 1 if anything failed
#   ktap_run NAME TEST...  a table-driven suite: each TEST is a function
#                          (with its arguments, as one word list: "t_load
#                          pagewalk") reporting exactly one result; the plan
#                          is the number of TESTs. Returns as ktap_end.

ktap_n=0
ktap_failed=0
ktap_planned=0
ktap_suite=

ktap_begin() {
	ktap_suite=$1
	ktap_planned=$2
	ktap_n=0
	ktap_failed=0
	echo "KTAP version 1"
	echo "# suite: $ktap_suite"
	echo "1..$ktap_planned"
}

ktap_diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

ktap_ok() {
	ktap_n=$((ktap_n + 1))
	echo "ok $ktap_n $1"
}

ktap_fail() {
	ktap_n=$((ktap_n + 1))
	ktap_failed=$((ktap_failed + 1))
	echo "not ok $ktap_n $1"
	[ $# -lt 2 ] || ktap_diag "$2"
}

ktap_skip() {
	ktap_n=$((ktap_n + 1))
	echo "ok $ktap_n $1 # SKIP $2"
}

ktap_check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		ktap_ok "$name"
	else
		ktap_fail "$name" "command failed: $* ${out:+: $out}"
	fi
}

ktap_expect() {
	if [ "$2" = "$3" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "want '$2', got '$3'"
	fi
}

ktap_end() {
	if [ "$ktap_n" -ne "$ktap_planned" ]; then
		ktap_n=$((ktap_n + 1))
		ktap_failed=$((ktap_failed + 1))
		echo "not ok $ktap_n $ktap_suite ran $((ktap_n - 1)) of $ktap_planned planned tests"
	fi
	echo "# $ktap_suite: $((ktap_n - ktap_failed)) passed, $ktap_failed failed"
	[ "$ktap_failed" -eq 0 ]
}

ktap_run() {
	local name=$1 entry before words
	shift
	ktap_begin "$name" $#
	for entry in "$@"; do
		read -ra words <<<"$entry"
		before=$ktap_n
		"${words[@]}"
		# A test reports one result: none is a failure of its own, more
		# than one shows in ktap_end's plan check.
		[ "$ktap_n" -ne "$before" ] || ktap_fail "$entry reported no result"
	done
	ktap_end
}
