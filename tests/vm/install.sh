#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install.sh - the suite installs like real modules (runs in the VM, whose
# root is a throw-away overlay): `make install` puts the modules under
# /lib/modules/<release>/updates and the tools in /usr/local/bin, modprobe
# finds each module by name, `make uninstall` removes everything; DKMS
# (`dkms add . && dkms install lkm-suite/<version>` from a clean tree)
# builds, installs and removes them. The in-place install reuses the modules
# built on the host for this kernel (make -o all); the DKMS build compiles
# under TCG, so only make check-all runs it (LKM_TEST_DKMS=1).

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1
root=$PWD
rel=$(uname -r)
mods="binfmt_demo pagewalk sched_probe syscall_probe"
version=$(sed -n 's/^#define LKM_SUITE_VERSION "\(.*\)"/\1/p' include/lkm_suite.h)
dkms_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
log=/tmp/install.log
# The DKMS build compiles the four modules under TCG (about 11 minutes):
# make check-all runs it (LKM_TEST_DKMS=1) on the 6.x kernels, which the
# guest's compiler (the host's gcc-12) builds for; make check does not.
dkms=
no_dkms="DKMS build runs in make check-all (LKM_TEST_DKMS=1; it takes minutes under TCG)"
if [ -n "${LKM_TEST_DKMS:-}" ]; then
	if [ "$(uname -m)" = aarch64 ]; then
		no_dkms="DKMS build runs in the x86-64 lab VM (no compiler in the arm64 root)"
	elif [[ $rel == 6.* ]]; then
		dkms=1
	else
		no_dkms="DKMS build runs on 6.x (the guest's gcc-12 cannot build for $rel)"
	fi
fi

# modprobe_cycle: every module found by name, loaded, used, removed.
modprobe_cycle() {
	local m
	for m in $mods; do
		modprobe "$m" || return 1
		[ -d "/proc/$m" ] || { echo "no /proc/$m" && return 1; }
		modprobe -r "$m" || return 1
	done
}

t_version() {
	ktap_expect "dkms.conf PACKAGE_VERSION is the suite version" "$version" "$dkms_version"
}

t_install() {
	# The lab VM offers its own build to modprobe (/lib/modules/<release>/
	# updates is a link to the build's index, see vm-init.sh): start from a
	# kernel with nothing of ours installed, as a user's machine would be
	# (the kernel's own index is beside its driver tree, in the cache).
	if [ -L "/lib/modules/$rel/updates" ]; then
		rm "/lib/modules/$rel/updates"
		cp "$(dirname "$(readlink "/lib/modules/$rel/kernel")")"/modules.* "/lib/modules/$rel/"
	fi
	if make -s -o all install >"$log" 2>&1; then
		ktap_ok "make install"
	else
		ktap_fail "make install" "$(tail -n 15 "$log")"
	fi
}

t_updates() {
	local where
	where=$(modinfo -n pagewalk 2>&1)
	[[ $where == /lib/modules/$rel/updates/* ]] && ktap_ok "modprobe finds pagewalk in updates/" ||
		ktap_fail "modprobe finds pagewalk in updates/" "$where"
}

t_modprobe() {
	ktap_check "each module: modprobe by name, /proc folder, modprobe -r" modprobe_cycle
}

t_tools() {
	local missing='' t
	for t in build/bin/*; do
		[ -e "$t" ] || continue
		[ -x "/usr/local/bin/${t##*/}" ] || missing+=" ${t##*/}"
	done
	[ -z "$missing" ] && ktap_ok "tools installed in /usr/local/bin" ||
		ktap_fail "tools installed in /usr/local/bin" "missing:$missing"
}

t_uninstall() {
	local left
	make -s uninstall >"$log" 2>&1
	left=$(find "/lib/modules/$rel/updates" -name '*.ko*' 2>/dev/null)
	if [ -z "$left" ] && ! modprobe -n pagewalk 2>/dev/null; then
		ktap_ok "make uninstall removes the modules"
	else
		ktap_fail "make uninstall removes the modules" "left: $left $(cat "$log")"
	fi
}

# From a clean tree, as a user's git clone would be (no caches, no output).
t_dkms_install() {
	local src=/tmp/lkm-suite-src
	[ -n "$dkms" ] || { ktap_skip "dkms add + install" "$no_dkms" && return; }
	mkdir -p "$src"
	git -C "$root" ls-files -co --exclude-standard -z |
		(cd "$root" && xargs -0 cp --parents -t "$src")
	if (cd "$src" && dkms add . && dkms install "lkm-suite/$version") >"$log" 2>&1; then
		ktap_ok "dkms add + install"
	else
		ktap_fail "dkms add + install" "$(tail -n 25 "$log"
			cat /var/lib/dkms/lkm-suite/*/build/make.log 2>/dev/null | tail -n 25)"
	fi
}

t_dkms_modprobe() {
	[ -n "$dkms" ] || { ktap_skip "dkms: modprobe each module by name" "$no_dkms" && return; }
	ktap_check "dkms: modprobe each module by name" modprobe_cycle
}

t_dkms_remove() {
	[ -n "$dkms" ] || { ktap_skip "dkms remove" "$no_dkms" && return; }
	dkms remove "lkm-suite/$version" --all >"$log" 2>&1
	if ! modprobe -n pagewalk 2>/dev/null; then
		ktap_ok "dkms remove"
	else
		ktap_fail "dkms remove" "$(cat "$log")"
	fi
}

ktap_run install t_version t_install t_updates t_modprobe t_tools t_uninstall \
	t_dkms_install t_dkms_modprobe t_dkms_remove
