#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - run demo chapters inside the lab VM (called by scripts/demo.sh).
# Each chapter's output is kept in $LKM_DEMO_OUT/<chapter>.txt and listed in
# $LKM_DEMO_OUT/index.html.

set -uo pipefail
. "$(dirname "$0")/lib.sh"

status=0
{
	echo "<!DOCTYPE html><html><head><meta charset=utf-8>"
	echo "<title>lkm-suite demo</title></head><body><h1>lkm-suite demo</h1>"
	echo "<p>Linux $(uname -r)</p><ul>"
} >"$LKM_DEMO_OUT/index.html"
for c in "$@"; do
	name=${c##*/}
	name=${name%.sh}
	title=$(sed -n 's/^# title: //p' "$c")
	bash "$c" 2>&1 | tee "$LKM_DEMO_OUT/$name.txt"
	[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
	echo "<li><a href=\"$name.txt\">$title</a></li>" >>"$LKM_DEMO_OUT/index.html"
done
echo "</ul></body></html>" >>"$LKM_DEMO_OUT/index.html"
exit $status
