#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh KVER [ARCH] - the classroom demo (scripts/demo.sh, every chapter)
# runs on this kernel without errors, and every claim its chapters check on
# the live kernel holds: one KTAP result per claim. Outputs in
# build/demo-KVER/ (ARCH amd64, the default) or build/demo-KVER-ARCH/.

. "$(dirname "$0")/../../scripts/lib/common.sh"
. "$LKM_ROOT/tests/lib/ktap.sh"
kver=$1
arch=${2:-amd64}
name=$kver
[ "$arch" = amd64 ] || name=$kver-$arch
out=$LKM_ROOT/build/demo-$name
log=$LKM_ROOT/build/test-results/demo-$name.log
mkdir -p "${log%/*}"

logs=$LKM_ROOT/build/test-results/demo-$name-logs
rm -rf "$logs"
mkdir -p "$logs"
rc=0
"$LKM_ROOT/scripts/demo.sh" --no-setup --arch "$arch" --kernel "$kver" --out "$out" \
	--log-dir "$logs" >"$log" 2>&1 || rc=$?
claims=$out/claims.txt
n=$(grep -cE '^(not )?ok chapter' "$claims" 2>/dev/null)
nlogs=$(find "$logs" -name '*.log' | wc -l)
ktap_begin "demo-$name" $((${n:-0} + 2 + nlogs))
ktap_expect "make demo's run finishes without errors" 0 "$rc"
if [ -s "$out/index.html" ] && grep -q '<h2' "$out/index.html"; then
	ktap_ok "index.html lists the chapters"
else
	ktap_fail "index.html lists the chapters" "no chapter in $out/index.html"
fi
while read -r verdict rest; do
	case $verdict in
	ok) ktap_ok "$rest" ;;
	not) ktap_fail "${rest#ok }" "see ${log#"$LKM_ROOT"/} and $out/" ;;
	esac
done < <(grep -E '^(not )?ok chapter' "$claims" 2>/dev/null)
for l in "$logs"/*.log; do
	[ -e "$l" ] || continue
	if splats=$("$LKM_ROOT/tests/lib/splat-scan.sh" "$l"); then
		ktap_ok "kernel log of the demo's ${l##*/} is clean"
	else
		ktap_fail "kernel log of the demo's ${l##*/} is clean" "$splats"
	fi
done
[ "$rc" -eq 0 ] || tail -n 30 "$log" | sed 's/^/# /'
ktap_end
