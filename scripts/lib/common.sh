# SPDX-License-Identifier: GPL-2.0
# Shared shell helpers for scripts/ and tests/: where the repo and its cache
# are, and how a short kernel name (6.1, 6.12) maps to a Debian kernel ABI.
# Source it; it defines functions and variables, it runs nothing.

LKM_ROOT=${LKM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LKM_CACHE=${LKM_CACHE:-$LKM_ROOT/.cache}
LKM_DEFAULT_KVER=${LKM_DEFAULT_KVER:-6.1}
LKM_KVERS="6.1 6.12"

lkm_say() { printf '%s\n' "$*" >&2; }
lkm_die() {
	printf '%s: error: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# Debian package-name pattern of the generic amd64 flavour of a kernel series.
lkm_abi_glob() {
	case $1 in
	6.1) echo '6.1.0-*-amd64' ;;
	6.12) echo '6.12.*+deb12-amd64' ;;
	*) return 1 ;;
	esac
}

# ABI of the newest installed headers of a series, e.g. 6.1 -> 6.1.0-56-amd64.
lkm_installed_abi() {
	local glob d
	glob=$(lkm_abi_glob "$1") || return 1
	# shellcheck disable=SC2086
	for d in /usr/src/linux-headers-$glob; do
		[ -e "$d/Makefile" ] && echo "${d#/usr/src/linux-headers-}"
	done | sort -V | tail -n 1
}

# ABI of the newest headers Debian's archive offers for a series.
lkm_archive_abi() {
	case $1 in
	6.1)
		apt-cache depends linux-headers-amd64 2>/dev/null |
			sed -n 's/.*Depends: linux-headers-\(6\.1\.0-[0-9]*-amd64\)$/\1/p' |
			sort -V | tail -n 1
		;;
	6.12)
		apt-cache pkgnames linux-headers-6.12. 2>/dev/null |
			sed -n 's/^linux-headers-\(6\.12\.[0-9]*+deb12-amd64\)$/\1/p' |
			sort -V | tail -n 1
		;;
	*) return 1 ;;
	esac
}

# Map a --kernel argument to an ABI: a series (6.1, 6.12) or a full ABI.
lkm_resolve_abi() {
	case $1 in
	6.1 | 6.12) lkm_installed_abi "$1" ;;
	*) echo "$1" ;;
	esac
}

lkm_kernel_dir() { echo "$LKM_CACHE/kernels/$1"; }
lkm_vmlinuz() { echo "$LKM_CACHE/kernels/$1/boot/vmlinuz-$1"; }
lkm_headers() { echo "/usr/src/linux-headers-$1"; }
