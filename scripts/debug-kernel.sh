#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh - build the debug test kernel: Debian's linux-source-6.12
# with a trimmed config (x86_64_defconfig + kvm_guest.config +
# scripts/debug-kernel/debug.config: 9p/virtio built in, KASAN, lockdep,
# UBSAN, KFENCE, KUnit, kmemleak, failslab, tracing/BPF for bpftrace).
#
# The result is cached in .cache/debug-kernel/<key>/ where <key> hashes the
# source package version and the config fragment; a second run is instant.
# Prints the build folder (a kernel build tree: KDIR for our modules, and
# arch/x86/boot/bzImage for `vm.sh --kernel debug`).
#
# Usage: scripts/debug-kernel.sh [--print]   (--print: only print the folder)

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

tarball=/usr/src/linux-source-6.12.tar.xz
fragment=$LKM_ROOT/scripts/debug-kernel/debug.config
version=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo none)
key=$( (echo "$version" && cat "$fragment") | sha1sum | cut -c1-12)
top=$LKM_CACHE/debug-kernel
out=$top/$key

if [ "${1:-}" = --print ]; then
	echo "$out"
	exit 0
fi
if [ -f "$out/arch/x86/boot/bzImage" ] && [ -f "$out/.done" ]; then
	echo "$out"
	exit 0
fi

"$LKM_ROOT/scripts/setup.sh" debug >&2
src=$top/src-$version
if [ ! -f "$src/Makefile" ]; then
	lkm_say "debug-kernel: unpacking ${tarball##*/}"
	rm -rf "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
	mv "$src.tmp" "$src"
fi

start=$SECONDS
mkdir -p "$out"
lkm_say "debug-kernel: configuring in ${out#"$LKM_ROOT"/}"
make -s -C "$src" O="$out" x86_64_defconfig >&2
(cd "$out" && "$src/scripts/kconfig/merge_config.sh" -m .config \
	"$src/kernel/configs/kvm_guest.config" "$fragment" >/dev/null)
make -s -C "$src" O="$out" olddefconfig >&2
# Report what the fragment asked for and did not get (a typo or a dependency).
while IFS= read -r line; do
	case $line in CONFIG_*=*) ;; *) continue ;; esac
	want=${line#*=} opt=${line%%=*}
	if [ "$want" = n ]; then
		grep -q "^$opt=" "$out/.config" && lkm_say "debug-kernel: note: $opt is still set"
	else
		grep -q "^$line$" "$out/.config" || lkm_say "debug-kernel: note: $line did not stick"
	fi
done <"$fragment"
lkm_say "debug-kernel: building (about 9 min on 2 idle cores)"
make -s -C "$src" O="$out" -j"$(nproc)" bzImage modules >&2
touch "$out/.done"
lkm_say "debug-kernel: built in $(((SECONDS - start) / 60)) min $(((SECONDS - start) % 60)) s"
echo "$out"
