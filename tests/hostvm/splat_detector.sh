#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# splat_detector.sh KVER - the splat detector really detects: boot the VM,
# load tests/modules/splat_test.ko (it WARNs on load), and require that
# tests/lib/splat-scan.sh flags the kernel log. Prints KTAP.

. "$(dirname "$0")/../../scripts/lib/common.sh"
. "$LKM_ROOT/tests/lib/ktap.sh"
kver=$1
log=$LKM_ROOT/build/test-results/splat-$kver.log

ktap_begin "splat_detector-$kver" 2
cd "$LKM_ROOT" || exit 1
if "$LKM_ROOT/scripts/vm.sh" --kernel "$kver" --log "$log" -- \
	sh -c 'insmod tests/modules/splat_test/splat_test.ko && rmmod splat_test' >/dev/null 2>&1; then
	ktap_ok "the test module provoking a WARNING loads and unloads"
else
	ktap_fail "the test module provoking a WARNING loads and unloads"
fi
found=$("$LKM_ROOT/tests/lib/splat-scan.sh" "$log")
if [ $? -eq 1 ] && grep -q 'WARNING: ' <<<"$found"; then
	ktap_ok "the splat detector flags the WARNING"
else
	ktap_fail "the splat detector flags the WARNING" "found: $found"
fi
ktap_end
