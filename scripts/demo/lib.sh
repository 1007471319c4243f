# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - helpers for the demo chapters (source it). A chapter is
# scripts/demo/NN-name.sh with a "# title: ..." line; it runs inside the lab VM
# as root from the repo, with the suite built and no module loaded. It loads
# what it needs and unloads it before it ends.
#
#   chapter N TITLE     chapter heading
#   say TEXT...         a paragraph of explanation
#   show CMD...         print the command, run it, show its live output;
#                       returns the command's status
#   notice TEXT...      the one sentence on what to notice
#   step                between steps: waits for Enter with --pause
#   claim TEXT CMD...   the chapter's key claim, checked on the live kernel:
#                       runs CMD (quietly); status 0 means shown. Printed and
#                       recorded in $LKM_DEMO_OUT/claims.txt; a failed claim
#                       makes the chapter fail.
#   json_claim TEXT FILE JQ-EXPR
#                       a claim read from a tool's JSON output: true when
#                       `jq -e JQ-EXPR FILE` succeeds
#   picture FILE TITLE  register $LKM_DEMO_OUT/FILE (an SVG the chapter wrote)
#                       so index.html shows it
#   out FILE            print the full path of an output file for this chapter
#
# Outputs (text, JSON, SVG) go to $LKM_DEMO_OUT, a host folder shared with the
# VM (build/demo/ by default).

LKM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$LKM_ROOT" || exit 1
export PATH=$LKM_ROOT/build/bin:$PATH
LKM_DEMO_OUT=${LKM_DEMO_OUT:-/tmp/lkm-demo}
mkdir -p "$LKM_DEMO_OUT"
demo_chapter=${demo_chapter:-?}
demo_failed=0

chapter() {
	demo_chapter=$1
	echo
	echo "=== Chapter $1: $2 ==="
	echo
}

say() {
	echo "$*" | fold -s -w 78
	echo
}

show() {
	local rc
	echo "\$ $*"
	"$@" 2>&1 | sed 's/^/  /'
	rc=${PIPESTATUS[0]}
	echo
	return "$rc"
}

notice() {
	echo "Notice: $*" | fold -s -w 78
	echo
}

# --pause: the host side (scripts/demo.sh) appends a line to $LKM_DEMO_OUT/.go
# each time the teacher presses Enter; wait until there is one more line.
demo_steps=0
step() {
	[ "${LKM_DEMO_PAUSE:-0}" = 1 ] || return 0
	demo_steps=$((demo_steps + 1))
	local want
	want=$(($(cat "$LKM_DEMO_OUT/.steps" 2>/dev/null || echo 0) + 1))
	echo "$want" >"$LKM_DEMO_OUT/.steps"
	echo "   -- press Enter to continue --"
	while [ "$(wc -l <"$LKM_DEMO_OUT/.go" 2>/dev/null || echo 0)" -lt "$want" ]; do
		sleep 0.2
	done
}

demo_record() {
	local verdict=$1
	shift
	echo "$verdict chapter $demo_chapter: $*" >>"$LKM_DEMO_OUT/claims.txt"
}

claim() {
	local text=$1
	shift
	if "$@" >/dev/null 2>&1; then
		echo "Claim shown: $text" | fold -s -w 78
		demo_record ok "$text"
	else
		echo "CLAIM NOT SHOWN: $text (check: $*)" | fold -s -w 78
		demo_record "not ok" "$text"
		demo_failed=1
	fi
	echo
}

# jq -e exits 0 on an empty file (no input, no result): read one input
# explicitly so that a missing or empty FILE fails the claim.
json_claim() {
	claim "$1" jq -e -n "input | ($3)" "$2"
}

picture() {
	if [ -s "$LKM_DEMO_OUT/$1" ]; then
		printf '%s\t%s\n' "$1" "$2" >>"$LKM_DEMO_OUT/pictures.txt"
		echo "Picture: $LKM_DEMO_OUT/$1 ($2)"
		echo
	else
		echo "PICTURE MISSING: $1"
		demo_record "not ok" "picture $1 was drawn"
		demo_failed=1
	fi
}

out() {
	echo "$LKM_DEMO_OUT/$1"
}

# A chapter ends with `demo_end`: its status says whether every claim held.
demo_end() {
	return "$demo_failed"
}
