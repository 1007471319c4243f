#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lint.sh - the kernel's own style checks on the suite's C code:
# checkpatch.pl --strict --no-tree -f on the kernel code (modules/, include/,
# tests/kunit/, tests/modules/) and clang-format with the kernel's
# .clang-format on every C file, userspace included (both tools come from
# Debian's linux-source-6.12, unpacked by setup.sh).
#
# Usage: lint.sh [checkpatch|format|fix]   (default: both checks)
#   fix   rewrite the files with clang-format instead of checking them

set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
src=$LKM_CACHE/linux-source-6.12
[ -x "$src/scripts/checkpatch.pl" ] || "$LKM_ROOT/scripts/setup.sh" check >&2

cd "$LKM_ROOT" || exit 1
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.c' '*.h' | sort)
mapfile -t kfiles < <(printf '%s\n' "${files[@]}" | grep -E '^(modules|include|tests/modules|tests/kunit)/')

run_checkpatch() {
	local f rc=0 out
	for f in "${kfiles[@]}"; do
		out=$("$src/scripts/checkpatch.pl" --strict --no-tree --quiet --no-summary \
			--show-types --ignore SPDX_LICENSE_TAG -f "$f" 2>&1) || rc=1
		[ -z "$out" ] || printf '%s\n' "$out"
	done
	return $rc
}

run_format() {
	local f rc=0
	for f in "${files[@]}"; do
		clang-format --style="file:$src/.clang-format" --dry-run --Werror "$f" || rc=1
	done
	return $rc
}

case ${1:-all} in
checkpatch) run_checkpatch ;;
format) run_format ;;
fix) clang-format --style="file:$src/.clang-format" -i "${files[@]}" ;;
all)
	rc=0
	run_checkpatch || rc=1
	run_format || rc=1
	[ $rc -eq 0 ] && echo "lint: ${#files[@]} files clean"
	exit $rc
	;;
*) echo "usage: ${0##*/} [checkpatch|format|fix]" >&2 && exit 2 ;;
esac
