#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm_sh.sh KVER - scripts/vm.sh keeps its promises: the command runs in the
# caller's directory, its stdout and stderr arrive separately and clean (no
# kernel log lines), its exit status is vm.sh's, and the kernel log path is
# printed when it fails; the guest runs under TCG unless KVM is asked for,
# and a bad --accel is refused. Prints KTAP.

. "$(dirname "$0")/../../scripts/lib/common.sh"
. "$LKM_ROOT/tests/lib/ktap.sh"
kver=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ktap_begin "vm_sh-${LKM_DEB_ARCH}-$kver" 8
cd "$LKM_ROOT/tests" || exit 1
rc=0
env -u LKM_ACCEL "$LKM_ROOT/scripts/vm.sh" --kernel "$kver" -- \
	sh -c 'pwd; uname -r; echo to-stderr >&2; echo "arg [$0]"; exit 3' 'two words' \
	>"$tmp/out" 2>"$tmp/err" || rc=$?
ktap_expect "exit status of the command is propagated" 3 "$rc"
ktap_expect "command runs in the caller's directory" "$LKM_ROOT/tests" "$(sed -n 1p "$tmp/out")"
ktap_expect "command runs on the chosen kernel" "$(lkm_installed_abi "$kver")" "$(sed -n 2p "$tmp/out")"
ktap_expect "arguments keep their quoting" "arg [two words]" "$(sed -n 3p "$tmp/out")"
ktap_expect "stderr arrives separately" to-stderr "$(grep -v "^vm.sh:" "$tmp/err" | sed -n 1p)"
log=$(sed -n 's/.*kernel log: //p' "$tmp/err")
if [ -s "$log" ] && grep -q 'Linux version' "$log" && ! grep -q '^\[' "$tmp/out"; then
	ktap_ok "kernel log kept apart, its path printed on failure"
else
	ktap_fail "kernel log kept apart, its path printed on failure" "$(cat "$tmp/err")"
fi
# KVM's signature is in the guest's log only when it runs under KVM
if [ -s "$log" ] && ! grep -q 'Hypervisor detected: KVM' "$log"; then
	ktap_ok "TCG by default, /dev/kvm or not (no KVM signature in the guest)"
else
	ktap_fail "TCG by default, /dev/kvm or not" "$(grep -m1 'Hypervisor detected' "$log")"
fi
rc=0
"$LKM_ROOT/scripts/vm.sh" --accel hvf --kernel "$kver" -- true >"$tmp/out" 2>"$tmp/err" || rc=$?
if [ "$rc" -ne 0 ] && grep -q "wants tcg or kvm, not 'hvf'" "$tmp/err"; then
	ktap_ok "--accel hvf refused (exit $rc): $(head -n 1 "$tmp/err")"
else
	ktap_fail "--accel hvf refused" "exit $rc: $(cat "$tmp/err")"
fi
ktap_end
