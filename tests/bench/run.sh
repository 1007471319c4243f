#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - run every benchmark of tests/bench/ (or the ones named) inside the
# lab VM; their BENCH rows go to stdout, their commentary to stderr.

here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.." || exit 1
[ $# -gt 0 ] || set -- "$here"/[a-z]*.sh
status=0
for b in "$@"; do
	[ "${b##*/}" = run.sh ] || [ "${b##*/}" = lib.sh ] && continue
	echo "# benchmark ${b##*/}" >&2
	bash "$b" || status=1
done
exit $status
