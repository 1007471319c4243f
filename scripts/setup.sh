#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# setup.sh - install what the suite needs, from Debian's packages only.
#
# Idempotent: when everything is present it only checks and exits (well
# under a second). It says what it installs, and uses sudo when not root.
# The make targets call it with the part they need; run it by hand with no
# argument to get everything.
#
# Parts:
#   build   compiler, libraries and the kernel headers of the kernel to build for
#   vm      QEMU, busybox and the Debian kernel images of the lab VM (6.1, 6.12)
#   check   build + vm + what the tests and the linters use
#   examples  nolibc (from linux-source-6.12) for the toy example programs
#   debug   what building the debug test kernel needs (scripts/debug-kernel.sh)
#   all     everything but debug (default)
#
# The kernel images are fetched with `apt-get download` (not installed) and
# unpacked into .cache/kernels/<abi>/, which git ignores.

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
	cat <<EOF
Usage: ${0##*/} [build|vm|check|debug|all] [--kernels "6.1 6.12"]

Installs the Debian packages and fetches the kernel images the suite needs.

  build    gcc, make, json-c, kernel headers for the build
  vm       qemu-system-x86, busybox-static, cpio and the lab VM kernel images
  check    build + vm + sparse, bpftrace, strace, dkms, linux-source (checkpatch)
  debug    what scripts/debug-kernel.sh needs to build the debug kernel
  all      everything but debug (default)

EXAMPLES
  scripts/setup.sh               # everything for make check and make demo
  scripts/setup.sh build         # only what \`make\` needs
  scripts/setup.sh vm --kernels 6.12
EOF
}

part=all
kvers=$LKM_KVERS
while [ $# -gt 0 ]; do
	case $1 in
	build | vm | check | examples | debug | all) part=$1 ;;
	--kernels) kvers=$2 && shift ;;
	-h | --help) usage && exit 0 ;;
	*) usage >&2 && exit 2 ;;
	esac
	shift
done

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
apt_updated=

have_pkg() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

apt_update_once() {
	[ -n "$apt_updated" ] && return 0
	lkm_say "setup: apt-get update"
	$SUDO apt-get update -qq >&2
	apt_updated=1
}

# Install the packages of the list that are missing.
need_pkgs() {
	local p missing=()
	for p in "$@"; do
		have_pkg "$p" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if ! command -v apt-get >/dev/null; then
		lkm_die "missing ${missing[*]} and no apt-get: install them by hand"
	fi
	apt_update_once
	lkm_say "setup: installing ${missing[*]}"
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Newest headers of a series, installed if missing; prints the ABI.
need_headers() {
	local kver=$1 abi
	abi=$(lkm_installed_abi "$kver")
	if [ -z "$abi" ]; then
		apt_update_once
		abi=$(lkm_archive_abi "$kver")
		[ -n "$abi" ] || lkm_die "no linux-headers for $kver in the archive"
		need_pkgs "linux-headers-$abi"
	fi
	echo "$abi"
}

# Unpack the kernel image package matching the headers into the cache.
need_image() {
	local abi=$1 dir
	dir=$(lkm_kernel_dir "$abi")
	[ -f "$(lkm_vmlinuz "$abi")" ] && [ -f "$dir/lib/modules/$abi/modules.dep" ] &&
		return 0
	apt_update_once
	lkm_say "setup: fetching linux-image-$abi-unsigned into ${dir#"$LKM_ROOT"/}"
	dl_tmp=$(mktemp -d "$LKM_CACHE/dl.XXXXXX")
	chmod 755 "$dl_tmp"
	(cd "$dl_tmp" && apt-get download -qq "linux-image-$abi-unsigned" 2>/dev/null) ||
		lkm_die "cannot download linux-image-$abi-unsigned"
	mkdir -p "${dir%/*}"
	rm -rf "$dir.new"
	dpkg -x "$dl_tmp"/linux-image-*.deb "$dir.new"
	# The package leaves modules.dep to its postinst: vm.sh needs it.
	depmod -b "$dir.new" "$abi"
	rm -rf "$dl_tmp" "$dir"
	mv "$dir.new" "$dir"
}

# From Debian's linux-source-6.12: checkpatch.pl and .clang-format (lint) and
# tools/include/nolibc (the toy example programs are built with it).
need_source_parts() {
	local dst=$LKM_CACHE/linux-source-6.12 tarball=/usr/src/linux-source-6.12.tar.xz
	[ -x "$dst/scripts/checkpatch.pl" ] && [ -f "$dst/tools/include/nolibc/nolibc.h" ] &&
		return 0
	lkm_say "setup: extracting checkpatch.pl, .clang-format and nolibc from ${tarball##*/}"
	mkdir -p "$LKM_CACHE"
	tar -xJf "$tarball" -C "$LKM_CACHE" \
		linux-source-6.12/.clang-format \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch \
		linux-source-6.12/tools/include/nolibc
}

mkdir -p "$LKM_CACHE"
dl_tmp=
trap 'rm -rf "${dl_tmp:-}"' EXIT

build_pkgs=(gcc make libc6-dev pkg-config libjson-c-dev kmod xz-utils)
vm_pkgs=(qemu-system-x86 busybox-static cpio xz-utils kmod)
debug_pkgs=(gcc make flex bison bc libelf-dev libssl-dev linux-source-6.12 xz-utils cpio)
check_pkgs=(sparse bpftrace strace linux-source-6.12 clang-format graphviz dkms git jq psmisc procps binutils
	perl libelf-dev bc)

case $part in
examples)
	need_pkgs linux-source-6.12 xz-utils
	need_source_parts
	;;
debug)
	need_pkgs "${debug_pkgs[@]}"
	;;
build)
	need_pkgs "${build_pkgs[@]}"
	if [ -z "${KDIR:-}" ] && [ ! -e "/lib/modules/$(uname -r)/build" ]; then
		need_headers "$LKM_DEFAULT_KVER" >/dev/null
	fi
	;;
vm | check | all)
	pkgs=("${build_pkgs[@]}" "${vm_pkgs[@]}")
	[ "$part" = vm ] || pkgs+=("${check_pkgs[@]}")
	need_pkgs "${pkgs[@]}"
	for k in $kvers; do
		lkm_abi_glob "$k" >/dev/null || lkm_die "unknown kernel series '$k' (6.1 or 6.12)"
		abi=$(need_headers "$k") || exit 1
		need_image "$abi"
	done
	[ "$part" = vm ] || need_source_parts
	;;
esac
exit 0
