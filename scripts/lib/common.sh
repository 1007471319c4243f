# SPDX-License-Identifier: GPL-2.0
# Shared shell helpers for scripts/ and tests/: where the repo and its cache
# are, which kernels the lab knows, how a short kernel name (6.1, 7.3) maps to
# a Debian kernel ABI, and where that kernel's files were unpacked.
# Source it; it defines functions and variables, it runs nothing.
#
# Every kernel lives in .cache/kernels/<abi>/, unpacked from Debian's
# packages with dpkg -x (never installed): the headers under
# usr/src/linux-headers-<abi>, the image and its drivers under
# boot/ + lib/modules/<abi>/ (up to 6.18) or usr/lib/modules/<abi>/ (6.19 on).

LKM_ROOT=${LKM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LKM_CACHE=${LKM_CACHE:-$LKM_ROOT/.cache}
LKM_DEFAULT_KVER=${LKM_DEFAULT_KVER:-6.1}
# The kernel matrix: every series make, make check and make bench cover.
# LKM_KVERS_FULL are tested with every suite, the others with the oracle
# suites (see tests/run.sh).
LKM_KVERS=${LKM_KVERS:-"6.1 6.12 7.2 7.3"}
LKM_KVERS_FULL=${LKM_KVERS_FULL:-"6.1 7.3"}
# Debian architecture of the lab kernels: amd64, or arm64 (make ARCH=arm64,
# vm.sh --arch arm64). arm64 kernels are cross-built and run under
# qemu-system-aarch64 on an amd64 machine.
LKM_DEB_ARCH=${LKM_DEB_ARCH:-amd64}
LKM_HOST_ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)

lkm_say() { printf '%s\n' "$*" >&2; }
lkm_die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# Is $1 a kernel series (6.1, 6.12, 7.3) rather than a full ABI?
lkm_is_series() { [[ $1 =~ ^[0-9]+\.[0-9]+$ ]]; }

# Extended regex of the ABIs of a series: the generic flavour only, released
# kernels only (6.1.0-57-amd64, 6.12.118+deb12-amd64, 7.3.4+deb13-amd64; not
# -cloud, -rt, nor experimental's release candidates named 7.3-amd64).
lkm_abi_regex() {
	local s=${1//./\\.}
	echo "^$s(\\.[0-9]+)+(-[0-9]+)?(\\+deb[0-9]+)?-$LKM_DEB_ARCH\$"
}

# The Debian architecture of an ABI: 7.3.4+deb13-arm64 -> arm64.
lkm_arch_of() { echo "${1##*-}"; }
# The GNU triplet prefix of a Debian architecture's cross tools.
lkm_cross_prefix() {
	case $1 in
	arm64) echo aarch64-linux-gnu- ;;
	amd64) echo x86_64-linux-gnu- ;;
	esac
}

# The series of an ABI: 6.12.118+deb12-amd64 -> 6.12.
lkm_series_of() { [[ $1 =~ ^([0-9]+\.[0-9]+) ]] && echo "${BASH_REMATCH[1]}"; }

lkm_kernel_dir() { echo "$LKM_CACHE/kernels/$1"; }
lkm_headers() { echo "$LKM_CACHE/kernels/$1/usr/src/linux-headers-$1"; }

# The ABI of the newest kernel of a series already in the cache whose files
# of the given part (headers or image) are complete, e.g. 6.1 -> 6.1.0-57-amd64.
lkm_cached_abi() {
	local series=$1 part=${2:-headers} re d
	re=$(lkm_abi_regex "$series")
	for d in "$LKM_CACHE"/kernels/*/; do
		d=${d%/}
		[ -f "$d/.$part-ok" ] || continue
		d=${d##*/}
		if [[ $d =~ $re ]]; then echo "$d"; fi
	done | sort -V | tail -n 1
}

# Map a kernel name to an ABI: a series (6.1, 7.3) to its newest cached ABI,
# a full ABI to itself. Prints nothing for a series not fetched yet.
lkm_resolve_abi() {
	if lkm_is_series "$1"; then
		lkm_cached_abi "$1" "${2:-headers}"
	else
		echo "$1"
	fi
}
# Kept for the callers that name the headers explicitly.
lkm_installed_abi() { lkm_resolve_abi "$1" headers; }

# The modules folder of an unpacked image (lib/ before 6.19, usr/lib/ after).
lkm_moddir() {
	local d=$LKM_CACHE/kernels/$1
	if [ -d "$d/usr/lib/modules/$1/kernel" ]; then
		echo "$d/usr/lib/modules/$1"
	else
		echo "$d/lib/modules/$1"
	fi
}
lkm_vmlinuz() {
	local d=$LKM_CACHE/kernels/$1 f
	for f in "$d/boot/vmlinuz-$1" "$d/usr/lib/modules/$1/vmlinuz" \
		"$d/usr/lib/modules/$1/vmlinuz.unsigned"; do
		[ -f "$f" ] && echo "$f" && return 0
	done
	echo "$d/boot/vmlinuz-$1"
}

# Where the modules built for an ABI go (make KVER=...): build/<abi>/.
lkm_build_dir() { echo "$LKM_ROOT/build/$1"; }

# The major version of gcc the headers of an ABI were made with (12, 14, 16).
lkm_headers_gcc() {
	sed -n 's/^CONFIG_GCC_VERSION=\([0-9]*\)[0-9]\{4\}$/\1/p' \
		"$(lkm_headers "$1")/include/config/auto.conf" 2>/dev/null
}

# The Debian suite whose build root builds modules for an ABI, or nothing
# when this machine can: it has the compiler the headers were made with
# (gcc-N; the cross compiler of the machine's own gcc version comes from its
# own distribution, setup.sh installs it) and can run the headers' own
# tools (fixdep, objtool...: 7.x's need glibc 2.38). Debian 12's gcc-12 and
# glibc 2.36 build 6.1 and 6.12; 7.x wants gcc-14 (trixie-backports) or
# gcc-16 (forky), and a sparse that knows __typeof_unqual__ (0.6.5): Debian
# testing (forky) has all three, so one root serves every newer kernel.
lkm_buildroot_suite() {
	local abi=$1 gcc kdir
	gcc=$(lkm_headers_gcc "$abi")
	kdir=$(lkm_headers "$abi")
	if command -v "gcc-$gcc" >/dev/null &&
		! "$kdir/scripts/basic/fixdep" 2>&1 | grep -q 'GLIBC_.* not found'; then
		return 0
	fi
	echo forky
}
# The compilers the build root holds, native and arm64 cross.
LKM_BUILDROOT_GCCS="14 16"
lkm_buildroot_dir() { echo "$LKM_CACHE/buildroot/$1"; }
# lkm_runs_here FILE: FILE is an ELF program for this machine's
# architecture (its e_machine, byte 18 of the header, against uname -m).
lkm_runs_here() {
	local m
	m=$(od -An -tx1 -j18 -N1 "$1" 2>/dev/null | tr -d ' ')
	case $(uname -m) in
	x86_64) [ "$m" = 3e ] ;;
	aarch64) [ "$m" = b7 ] ;;
	*) return 0 ;;
	esac
}
# The root a guest of another architecture boots into (vm.sh --arch arm64).
lkm_guestroot_dir() { echo "$LKM_CACHE/guestroot/$1"; }
