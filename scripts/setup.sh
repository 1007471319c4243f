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
# It never installs a kernel on this machine. Ordinary tools (gcc, QEMU,
# bpftrace...) are installed with apt-get; every kernel of the lab matrix,
# headers and image alike, is fetched with `apt-get download` and unpacked
# with `dpkg -x` into .cache/kernels/<abi>/ (git ignores .cache/), from
# whichever Debian suite has it (bookworm, trixie, trixie-backports, forky,
# sid), through a private apt configuration in .cache/apt/ that leaves the
# machine's own sources alone. Kernels whose headers want a newer compiler
# or C library than this machine's (7.x: gcc-14 or gcc-16, glibc 2.38+) are
# built in a Debian build root made by mmdebstrap in .cache/buildroot/<suite>/.

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
	cat <<EOF
Usage: ${0##*/} [build|vm|check|examples|debug|all] [--kernels "6.1 7.3"]

Installs the Debian packages and fetches the kernels the suite needs.
Nothing is installed in /boot or /lib/modules: kernels go to .cache/kernels/.

  build     gcc, make, json-c; the headers of each kernel (and a build root
            for kernels this machine's compiler cannot build for)
  vm        build + qemu-system-x86, busybox-static, cpio; the kernel images
  check     vm + sparse, bpftrace, strace, dkms, linux-source (checkpatch)
  examples  nolibc (from linux-source-6.12) for the toy example programs
  debug     what scripts/debug-kernel.sh needs to build the debug kernel
  all       everything but debug (default)

  --kernels LIST  kernel series (6.1 6.12 7.2 7.3) or full Debian ABIs
                  (7.3.4+deb13-amd64); default: "$LKM_KVERS".
                  A series resolves to the newest ABI of Debian's archive
                  (the newest one already in .cache/ once fetched).

EXAMPLES
  scripts/setup.sh                       # everything for make check and make demo
  scripts/setup.sh build                 # only what make needs
  scripts/setup.sh vm --kernels 7.3      # the newest 7.3 kernel for the lab VM
  scripts/setup.sh build --kernels 6.12.118+deb12-amd64
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
private_updated=

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

# The private apt configuration: every Debian suite that has lab kernels,
# with the machine's own mirror and keyring, in .cache/apt/ (the machine's
# own sources are not touched). Package lists are refreshed once a day.
APT_DIR=$LKM_CACHE/apt
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
papt() {
	local tool=$1
	shift
	"$tool" -o Dir::Etc::SourceList="$APT_DIR/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists="$APT_DIR/lists" \
		-o Dir::Cache="$APT_DIR/cache" -o Dir::Etc::Preferences=/dev/null \
		-o Dir::Etc::PreferencesParts=/dev/null \
		-o APT::Architectures::="$LKM_HOST_ARCH" -o APT::Architectures::=arm64 \
		-o APT::Architectures::=amd64 -o APT::Sandbox::User=root \
		-o Debug::NoLocking=1 -o Acquire::Check-Valid-Until=false "$@"
}

# The Debian mirror this machine uses, or deb.debian.org.
apt_mirror() {
	local m
	m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE 'https?://[^ ]*/debian/?( |$)' | head -n 1 | tr -d ' ')
	m=${m%/}
	echo "${m:-http://deb.debian.org/debian}"
}

private_apt_update() {
	local mirror s
	[ -n "$private_updated" ] && return 0
	[ -f "$KEYRING" ] || need_pkgs debian-archive-keyring
	mirror=$(apt_mirror)
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	{
		# (apt reads the architectures from papt's options; a change of
		# them must refresh the lists too)
		echo "# architectures: $LKM_HOST_ARCH amd64 arm64"
		for s in bookworm trixie trixie-backports forky sid experimental; do
			echo "deb [signed-by=$KEYRING] $mirror $s main"
		done
		echo "deb [signed-by=$KEYRING] $mirror-security bookworm-security main"
	} >"$APT_DIR/sources.list.new"
	if ! cmp -s "$APT_DIR/sources.list.new" "$APT_DIR/sources.list" ||
		[ -z "$(find "$APT_DIR/lists" -maxdepth 1 -name '*_Packages*' -mtime -1)" ]; then
		mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
		lkm_say "setup: reading the package lists of Debian's kernel suites (.cache/apt/)"
		papt apt-get update -qq >&2 || lkm_die "apt-get update of .cache/apt/ failed"
	fi
	rm -f "$APT_DIR/sources.list.new"
	private_updated=1
}
# Are all these kernels in the cache already (no package list needed)?
lkm_resolve_all() {
	local k
	for k in $1; do
		[ -f "$(lkm_kernel_dir "$(lkm_resolve_abi "$k" "$2")")/.$2-ok" ] || return 1
	done
}
has_pkg() { [ -n "$(papt apt-cache show --no-all-versions "$1" 2>/dev/null | head -n 1)" ]; }

# The ABI of a kernel name: a series resolves to the newest in the cache, or
# else to the newest in the archive.
need_abi() {
	local abi re
	abi=$(lkm_resolve_abi "$1" "$2")
	if [ -z "$abi" ]; then
		re=$(lkm_abi_regex "$1")
		abi=$(papt apt-cache pkgnames linux-headers- | sed 's/^linux-headers-//;s/:.*//' |
			grep -E "$re" | sort -V | tail -n 1)
		[ -n "$abi" ] || lkm_die "Debian's archive has no linux-headers for kernel series '$1'"
	fi
	echo "$abi"
}

# Download packages and unpack them into a folder.
unpack_into() {
	local dir=$1 f
	shift
	dl_tmp=$(mktemp -d "$LKM_CACHE/dl.XXXXXX")
	(cd "$dl_tmp" && papt apt-get download -qq "$@" >&2) || lkm_die "cannot download $*"
	mkdir -p "$dir"
	for f in "$dl_tmp"/*.deb; do
		dpkg -x "$f" "$dir"
	done
	rm -rf "$dl_tmp"
	dl_tmp=
}

# The headers of a kernel, with the common tree and the kbuild tools they
# depend on, into .cache/kernels/<abi>/usr/src/, made to work from there
# (their Makefile names the common tree by its absolute /usr/src path).
need_headers() {
	local abi dir pkgs hdr suite arch
	abi=$(need_abi "$1" headers) || exit 1
	arch=$(lkm_arch_of "$abi")
	dir=$(lkm_kernel_dir "$abi")
	if [ ! -f "$dir/.headers-ok" ]; then
		private_apt_update
		lkm_say "setup: fetching the headers of $abi into ${dir#"$LKM_ROOT"/}"
		# The kbuild tools run here: this machine's architecture, not the
		# kernel's (an arm64 kernel is cross-built).
		mapfile -t pkgs < <(papt apt-cache depends "linux-headers-$abi:$arch" |
			sed -n 's/^ *|\{0,1\}Depends: <\{0,1\}\(linux-\(headers\|kbuild\|base\)-[^ :>]*\).*$/\1/p' |
			sort -u | sed -e "s/^\(linux-kbuild-.*\)/\1:$LKM_HOST_ARCH/" \
				-e "s/^\(linux-base-.*\)/\1:$arch/")
		unpack_into "$dir" "linux-headers-$abi:$arch" "${pkgs[@]}"
		hdr=$(lkm_headers "$abi")
		[ -f "$hdr/Makefile" ] || lkm_die "linux-headers-$abi has no Makefile"
		sed -i "s|/usr/src/|$dir/usr/src/|g" "$hdr/Makefile"
		need_checker_valid "$hdr"
		touch "$dir/.headers-ok"
	fi
	suite=$(lkm_buildroot_suite "$abi")
	if [ -n "$suite" ]; then
		need_buildroot "$suite" "$(lkm_headers_gcc "$abi")"
	elif [ "$arch" != "$LKM_HOST_ARCH" ]; then
		need_pkgs "gcc-$(lkm_headers_gcc "$abi")-$(lkm_cross_prefix "$arch" | tr _ - | sed 's/-$//')" \
			"binutils-$(lkm_cross_prefix "$arch" | tr _ - | sed 's/-$//')" \
			"libc6-dev-$arch-cross"
	fi
	echo "$abi"
}

# The kernel image and its drivers. Up to 6.18 both are in
# linux-image-<abi>-unsigned; from 6.19 linux-image-<abi> is a metapackage,
# the kernel is in linux-binary[-unsigned]-<abi>, the drivers in
# linux-modules-<abi>. depmod runs here, as the package's postinst would.
need_image() {
	local abi dir pkgs=() base arch
	abi=$(need_abi "$1" image) || exit 1
	arch=$(lkm_arch_of "$abi")
	dir=$(lkm_kernel_dir "$abi")
	if [ ! -f "$dir/.image-ok" ]; then
		private_apt_update
		lkm_say "setup: fetching the kernel image $abi into ${dir#"$LKM_ROOT"/}"
		if has_pkg "linux-image-$abi-unsigned:$arch"; then
			pkgs=("linux-image-$abi-unsigned:$arch")
		elif has_pkg "linux-binary-unsigned-$abi:$arch"; then
			pkgs=("linux-binary-unsigned-$abi:$arch" "linux-modules-$abi:$arch")
		elif has_pkg "linux-binary-$abi:$arch"; then
			pkgs=("linux-binary-$abi:$arch" "linux-modules-$abi:$arch")
		else
			lkm_die "no kernel image package for $abi in Debian's archive"
		fi
		unpack_into "$dir" "${pkgs[@]}"
		base=$dir
		[ -d "$dir/usr/lib/modules/$abi/kernel" ] && base=$dir/usr
		depmod -b "$base" "$abi"
		touch "$dir/.image-ok"
	fi
	echo "$abi"
}

# A Debian build root for kernels whose headers want a newer gcc, glibc or
# sparse than this machine's: made by mmdebstrap from Debian's packages,
# once, in .cache/buildroot/<suite>/ (about a minute and 700 MB), with each
# compiler of LKM_BUILDROOT_GCCS, native and arm64 cross. scripts/kbuild.sh
# enters it with unshare + chroot, the repository and the cache
# bind-mounted at their own paths.
need_buildroot() {
	local suite=$1 gcc=$2 dir mode=root pkgs g stamp
	dir=$(lkm_buildroot_dir "$suite")
	stamp=.ok-gcc-${LKM_BUILDROOT_GCCS// /-}
	[ -f "$dir/$stamp" ] && return 0
	[[ " $LKM_BUILDROOT_GCCS " == *" $gcc "* ]] ||
		lkm_die "headers made with gcc-$gcc: add $gcc to LKM_BUILDROOT_GCCS (scripts/lib/common.sh)"
	need_pkgs mmdebstrap
	[ "$(id -u)" -eq 0 ] || mode=unshare
	pkgs=make,libc6-dev,binutils,dwarves,sparse,kmod,xz-utils,bc,binutils-aarch64-linux-gnu
	for g in $LKM_BUILDROOT_GCCS; do
		pkgs+=",gcc-$g,gcc-$g-aarch64-linux-gnu"
	done
	lkm_say "setup: making a Debian $suite build root (gcc $LKM_BUILDROOT_GCCS) in ${dir#"$LKM_ROOT"/} (about a minute)"
	mkdir -p "${dir%/*}"
	# An older root is moved aside, not deleted, while a build may use it.
	find "${dir%/*}" -maxdepth 1 -name "$suite.old.*" -mmin +30 -exec rm -rf {} +
	rm -rf "$dir.new"
	# A mirror that is a dated snapshot serves Release files past their
	# Valid-Until date: accept them (the signatures are still checked).
	mmdebstrap --quiet --mode=$mode --variant=minbase \
		--aptopt='Acquire::Check-Valid-Until "false"' --include="$pkgs" \
		"$suite" "$dir.new" "deb [signed-by=$KEYRING] $(apt_mirror) $suite main" >&2 ||
		lkm_die "mmdebstrap of a Debian $suite build root failed"
	touch "$dir.new/$stamp"
	[ ! -d "$dir" ] || mv "$dir" "$dir.old.$$"
	mv "$dir.new" "$dir"
}

# Headers packages of 6.15 and later name scripts/checker-valid.sh (is the
# sparse given to C=1/C=2 new enough?) without shipping it, so C=2 silently
# skips sparse. The same test, written here: sparse must parse
# __typeof_unqual__ without an error; prints 1 if it does.
need_checker_valid() {
	local scripts=$1/scripts
	[ -e "$scripts/checker-valid.sh" ] && return 0
	grep -qs 'checker-valid.sh' "$1"/../linux-headers-*-common/Makefile || return 0
	scripts=$(readlink -f "$scripts")
	cat >"$scripts/checker-valid.sh" <<'EOF'
#!/bin/sh
# Written by lkm-suite's setup.sh: the headers package lacks this script.
# Usage: checker-valid.sh CHECKER [FLAGS...]; prints 1 when CHECKER parses
# __typeof_unqual__ (what the kernel's headers need from sparse), else 0.
command -v "$1" >/dev/null 2>&1 || { echo 0; exit 0; }
t=$(mktemp --suffix=.c) || exit 1
cat >"$t" <<'END'
int f(const int *p);
int f(const int *p)
{
	__typeof_unqual__(*p) v = *p;

	return v;
}
END
if "$@" "$t" 2>&1 | grep -q error; then echo 0; else echo 1; fi
rm -f "$t"
EOF
	chmod 755 "$scripts/checker-valid.sh"
}

# The root filesystem of a lab VM of another architecture than this
# machine's (an arm64 guest on an amd64 machine cannot run this machine's
# programs): Debian's packages of that architecture unpacked by mmdebstrap
# (--variant=extract: no maintainer script runs, so no emulator is needed),
# in .cache/guestroot/<arch>/; the user database copied from base-passwd's
# templates, as its postinst would.
need_guestroot() {
	local arch=$1 dir mode=root
	dir=$(lkm_guestroot_dir "$arch")
	# .ok holds the package list it was made from: a longer list remakes it
	[ "$(cat "$dir/.ok" 2>/dev/null)" = "${guest_pkgs[*]}" ] && return 0
	need_pkgs mmdebstrap
	[ "$(id -u)" -eq 0 ] || mode=unshare
	lkm_say "setup: unpacking a Debian $arch root for the lab VM in ${dir#"$LKM_ROOT"/} (about a minute)"
	rm -rf "$dir"
	mkdir -p "${dir%/*}"
	mmdebstrap --quiet --mode=$mode --variant=extract --architectures="$arch" \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--include="$(
			IFS=,
			echo "${guest_pkgs[*]}"
		)" \
		bookworm "$dir" "deb [signed-by=$KEYRING] $(apt_mirror) bookworm main" >&2 ||
		lkm_die "mmdebstrap of a Debian $arch root failed"
	cp "$dir/usr/share/base-passwd/passwd.master" "$dir/etc/passwd"
	cp "$dir/usr/share/base-passwd/group.master" "$dir/etc/group"
	# dash's postinst links /bin/sh, gawk's (update-alternatives) awk
	[ -e "$dir/bin/sh" ] || ln -s dash "$dir/bin/sh"
	[ -e "$dir/usr/bin/awk" ] || ln -s gawk "$dir/usr/bin/awk"
	echo "${guest_pkgs[*]}" >"$dir/.ok"
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
# One set-up at a time per cache (parallel makes and test lanes share it).
exec 9>"$LKM_CACHE/.setup.lock"
flock 9
dl_tmp=
trap 'rm -rf "${dl_tmp:-}"' EXIT

build_pkgs=(gcc make libc6-dev pkg-config libjson-c-dev kmod xz-utils rsync dwarves debian-archive-keyring)
vm_pkgs=(qemu-system-x86 busybox-static cpio xz-utils kmod)
# What the suites call inside a guest of another architecture.
guest_pkgs=(busybox-static base-passwd bash dash coreutils kmod util-linux procps grep sed gawk
	findutils diffutils strace libjson-c5 iproute2 file xz-utils
	libc6-dev libc-bin libjson-c-dev jq graphviz libxml2-utils binutils gzip bpftrace
	mount make rsync psmisc linux-perf)
debug_pkgs=(gcc make flex bison bc libelf-dev libssl-dev linux-source-6.12 xz-utils cpio)
check_pkgs=(sparse bpftrace strace linux-source-6.12 clang-format graphviz libxml2-utils dkms git jq psmisc procps binutils
	perl libelf-dev bc linux-perf)
check_pkgs+=(chromium) # tests/hostvm/browser.sh: the demo's pictures in a real browser

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
	lkm_resolve_all "$kvers" headers || private_apt_update
	for k in $kvers; do
		need_headers "$k" >/dev/null
	done
	;;
vm | check | all)
	pkgs=("${build_pkgs[@]}" "${vm_pkgs[@]}")
	[ "$part" = vm ] || pkgs+=("${check_pkgs[@]}")
	[ "$LKM_DEB_ARCH" = "$LKM_HOST_ARCH" ] || pkgs+=(qemu-system-arm)
	need_pkgs "${pkgs[@]}"
	lkm_resolve_all "$kvers" image || private_apt_update
	[ "$LKM_DEB_ARCH" = "$LKM_HOST_ARCH" ] || need_guestroot "$LKM_DEB_ARCH"
	for k in $kvers; do
		abi=$(need_headers "$k")
		need_image "$abi" >/dev/null
	done
	[ "$part" = vm ] || need_source_parts
	;;
esac
exit 0
