# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - helpers for the demo chapters (source it):
#   chapter N TITLE   chapter heading
#   say TEXT...       a paragraph of explanation
#   show CMD...       print the command, run it, show its live output;
#                     returns the command's status
#   notice TEXT...    the one sentence on what to notice

LKM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$LKM_ROOT" || exit 1
export PATH=$LKM_ROOT/build/bin:$PATH

chapter() {
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
}
