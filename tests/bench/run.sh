#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - run every benchmark of tests/bench/ (or the ones named) inside the
# lab VM; their BENCH and MEM rows go to stdout, their commentary to stderr.
# lib.sh and timed.sh are helpers, not benchmarks.

here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.." || exit 1
[ $# -gt 0 ] || set -- "$here"/[a-z]*.sh
status=0
for b in "$@"; do
	case ${b##*/} in run.sh | lib.sh | timed.sh) continue ;; esac
	echo "# benchmark ${b##*/}" >&2
	bash "$b" || status=1
done
exit $status
