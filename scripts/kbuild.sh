#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kbuild.sh - build the kernel modules for one kernel, in a folder of that
# kernel's own, so that builds for several kernels never overwrite each other.
#
# The module sources (Kbuild, modules/, include/, compat/, tests/modules/,
# tests/kunit/) are mirrored into build/<abi>/src/ and built there with the
# kernel's kbuild (make -C KDIR M=...). The results are copied to
# build/<abi>/<name>.ko and, as the build "made last", to the usual places
# in the tree (modules/<name>/<name>.ko, tests/modules/...), which is what a
# plain insmod on a machine running that kernel uses. Inside the lab VM the
# booted kernel's own build/<abi>/ is mounted over those paths (vm-init.sh).
#
# Headers that want a newer gcc or glibc than this machine's (7.x) are built
# in the Debian build root setup.sh made (.cache/buildroot/<suite>/), entered
# with unshare + chroot, the repository and the cache mounted at their paths.
#
# Usage: scripts/kbuild.sh KERNEL WHAT [MAKE ARGS...]
#   KERNEL  a series (6.1, 7.3), a Debian ABI, or a kernel build tree (KDIR)
#   WHAT    modules | test-modules | kunit | install | clean
#           (install: modules_install of build/<abi>/ with the ARGS given)
# Prints the build folder's path last on stdout.

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

[ $# -ge 2 ] || {
	sed -n '3,23s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
kernel=$1 what=$2
shift 2

if [ -d "$kernel" ]; then
	# (its real path: a build root sees the cache, not /lib/modules' links)
	kdir=$(cd "$kernel" && pwd -P)
	abi=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h" 2>/dev/null)
	[ -n "$abi" ] || lkm_die "$kdir is not a configured kernel build tree (no utsrelease.h)"
	suite=
	# Headers of the cache (the lab VM links them as /lib/modules/*/build).
	[ "$(lkm_headers "$abi")" -ef "$kdir" ] && suite=$(lkm_buildroot_suite "$abi")
else
	abi=$(lkm_resolve_abi "$kernel" headers)
	[ -n "$abi" ] || lkm_die "no headers for kernel '$kernel' in .cache/: run scripts/setup.sh build --kernels $kernel"
	kdir=$(lkm_headers "$abi")
	[ -f "$kdir/Makefile" ] || lkm_die "no headers for $abi: run scripts/setup.sh build --kernels $abi"
	suite=$(lkm_buildroot_suite "$abi")
fi
out=$(lkm_build_dir "$abi")
src=$out/src

if [ "$what" = clean ]; then
	rm -rf "$out"
	exit 0
fi

# Mirror the sources; kbuild's products in the tree (an in-place build) are
# neither copied nor deleted from the mirror.
mkdir -p "$src"
rsync -a --delete --relative \
	--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
	--exclude='.*.cmd' --exclude='*.order' --exclude='Module.symvers' \
	--exclude='*.a' --exclude='*.dwo' --exclude='.tmp_*' --exclude='*_names_*.h' \
	--exclude='scp_str_*.h' \
	"$LKM_ROOT/./Kbuild" "$LKM_ROOT/./modules" "$LKM_ROOT/./include" \
	"$LKM_ROOT/./compat" "$LKM_ROOT/./tests/modules" "$LKM_ROOT/./tests/kunit" "$src/"

case $what in
modules) sub=$src target=modules ;;
test-modules) sub=$src/tests/modules target=modules ;;
kunit) sub=$src/tests/kunit target=modules ;;
install) sub=$src target=modules_install ;;
*) lkm_die "unknown WHAT '$what' (modules, test-modules, kunit, install, clean)" ;;
esac
cmd=(make -C "$kdir" M="$sub" -j"${JOBS:-$(nproc)}" "$@" "$target")

# An install only copies what was built: a build root of another
# architecture (the x86-64 one, seen from the arm64 lab VM) is not needed.
if [ "$what" = install ] && [ -n "$suite" ] && ! lkm_runs_here "$(lkm_buildroot_dir "$suite")/usr/bin/make"; then
	suite=
fi

if [ -z "$suite" ]; then
	"${cmd[@]}"
else
	root=$(lkm_buildroot_dir "$suite")
	[ -x "$root/usr/bin/make" ] || lkm_die "no $suite build root: run scripts/setup.sh build --kernels $abi"
	# A private mount namespace (a user namespace too when not root): the
	# mounts vanish with the build. MAKEFLAGS of an outer make name its
	# jobserver, which the build root's make cannot share: -j is explicit.
	userns=
	[ "$(id -u)" -eq 0 ] || userns=--map-root-user
	binds=("$LKM_ROOT")
	case $LKM_CACHE/ in "$LKM_ROOT"/*) ;; *) binds+=("$LKM_CACHE") ;; esac
	# modules_install writes to this machine's /lib/modules, not the root's.
	if [ "$what" = install ]; then
		mkdir -p /lib/modules
		binds+=(/lib/modules)
	fi
	# shellcheck disable=SC2016
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES unshare $userns --mount --propagation private \
		/bin/bash -c '
		set -e
		root=$1
		shift
		mount -t proc proc "$root/proc"
		mount --rbind /dev "$root/dev"
		mount -t tmpfs tmp "$root/tmp"
		while [ "$1" != -- ]; do
			mkdir -p "$root$1"
			mount --bind "$1" "$root$1"
			shift
		done
		shift
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/tmp LANG=C.UTF-8 "$@"' \
		kbuild "$root" "${binds[@]}" -- "${cmd[@]}"
fi

# The results, per kernel and as the build made last.
copy_out() { # FROM-GLOB (relative to the mirror): copy each .ko out
	local f rel
	for f in "$src"/$1; do
		[ -f "$f" ] || continue
		rel=${f#"$src"/}
		cp -p "$f" "$out/${f##*/}"
		cp -p "$f" "$LKM_ROOT/$rel"
	done
}
case $what in
modules) copy_out 'modules/*/*.ko' ;;
test-modules) copy_out 'tests/modules/*/*.ko' ;;
kunit) copy_out 'tests/kunit/*.ko' ;;
esac
echo "$out"
