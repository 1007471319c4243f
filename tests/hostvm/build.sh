#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh KVER - build the modules and the test modules for one lab kernel
# with W=1 and sparse (C=2), and check that there is not a single warning
# and that the .ko files in its build folder, build/<abi>/, are built for
# that kernel. Prints KTAP. With LKM_DEB_ARCH=arm64 on an amd64 machine:
# the cross-build for Debian's arm64 kernel (part "build-<kver>-arm64").

. "$(dirname "$0")/../../scripts/lib/common.sh"
. "$LKM_ROOT/tests/lib/ktap.sh"
kver=$1
abi=$(lkm_installed_abi "$kver")
name=build-$kver
[ "$LKM_DEB_ARCH" = "$LKM_HOST_ARCH" ] || name+=-$LKM_DEB_ARCH
log=$LKM_ROOT/build/test-results/$name.log
mkdir -p "${log%/*}"

ktap_begin "$name" 3
if make -C "$LKM_ROOT" KVER="$kver" W=1 C=2 modules test-modules >"$log" 2>&1; then
	ktap_ok "modules build for $abi"
else
	ktap_fail "modules build for $abi" "$(tail -n 20 "$log")"
fi
# (make's own "C=2 specified, but sparse is not available" is a warning too:
# it means sparse did not run. kbuild's note that the build root's pahole
# is not the one the kernel was built with is about the toolchain, not the
# code: one build root serves several kernels.)
warnings=$(grep -E 'warning:|error:|^.*: note:|is not available' "$log" |
	grep -v 'warning: pahole version differs from the one used to build the kernel')
[ -z "$warnings" ] && ktap_ok "no warning with W=1 and sparse (C=2) on $kver" ||
	ktap_fail "no warning with W=1 and sparse (C=2) on $kver" "$warnings"
bad=
src=$(lkm_build_dir "$abi")/src
for ko in "$src"/modules/*/*.ko "$src"/tests/modules/*/*.ko; do
	v=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
	[ "$v" = "$abi" ] || bad+="${ko#"$src"/}: '$v' "
done
[ -z "$bad" ] && ktap_ok "every .ko is built for $abi" ||
	ktap_fail "every .ko is built for $abi" "$bad"
ktap_end
