#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - run demo chapters inside the lab VM (called by scripts/demo.sh).
# Each chapter's output is kept in $LKM_DEMO_OUT/<chapter>.txt; claims go to
# claims.txt, pictures to pictures.txt; scripts/demo/index.sh turns them into
# index.html on the host.

set -uo pipefail
. "$(dirname "$0")/lib.sh"

status=0
for c in "$@"; do
	name=${c##*/}
	name=${name%.sh}
	case $c in
	*.la57) name=${name%.la57}-la57 ;;
	*.arm64) name=${name%.arm64} ;; # the chapter as told on arm64
	esac
	bash "$c" 2>&1 | tee "$LKM_DEMO_OUT/$name.txt"
	rc=${PIPESTATUS[0]}
	n=$((10#${name%%-*}))
	if [ "$rc" -eq 0 ]; then
		echo "ok chapter $n: $name ran without errors" >>"$LKM_DEMO_OUT/claims.txt"
	else
		echo "demo: chapter $name failed (status $rc)" >&2
		echo "not ok chapter $n: $name ran without errors" >>"$LKM_DEMO_OUT/claims.txt"
		status=1
	fi
done
exit $status
