#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# vm-init.sh - /init of the lab VM's initramfs (run by busybox sh as PID 1).
#
# Loads the virtio/9p drivers listed in /modules.order, mounts the host's root
# read-only over virtio-9p on /host and the repo read-write at its own path,
# gives it fresh /proc, /sys, /dev, /tmp, then chroots into it and either runs
# the command vm.sh left in the run folder (stdout and stderr on the ports
# lkm_out= and lkm_err= name: ttyS1 and ttyS2 on x86, hvc0 and hvc1 on
# arm64; exit status in the run folder) or starts an interactive root shell
# on the console lkm_tty= names (ttyS0, ttyAMA0).
# Settings come from the kernel command line: lkm_mode= lkm_repo= lkm_run=
# lkm_moddir= (the kernel's module tree in the cache, linked under /lib/modules),
# lkm_kdir= and lkm_ksrc= (its headers in the cache, linked as
# /lib/modules/<release>/build and source).
# The suite's modules for the booted kernel come from the repo's
# build/<release>/ (see below).

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
mode=$(arg lkm_mode)
repo=$(arg lkm_repo)
run=$(arg lkm_run)
moddir=$(arg lkm_moddir)
tty=$(arg lkm_tty)
out=$(arg lkm_out)
err=$(arg lkm_err)
cache=$(arg lkm_cache)

fail() {
	echo "vm-init: $*" >"/dev/${tty:-ttyS0}"
	[ -n "$run" ] && [ -d "/host$run" ] && echo 125 >"/host$run/rc"
	poweroff -f
}

for m in $(cat /modules.order); do
	insmod "/lib/modules/$m" || fail "insmod $m failed"
done

# The host root, read-only, under a throw-away writable layer (tmpfs) so
# tests can add users or install modules without touching the host.
mkdir -p /lower /rw /host
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 \
	hostroot /lower || fail "cannot mount the host root over 9p"
mount -t tmpfs -o mode=755 rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work \
	root /host || fail "cannot mount the overlay on the host root"
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t devtmpfs dev /host/dev
ln -sf /proc/self/fd /host/dev/fd
ln -sf /proc/self/fd/0 /host/dev/stdin
ln -sf /proc/self/fd/1 /host/dev/stdout
ln -sf /proc/self/fd/2 /host/dev/stderr
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts devpts /host/dev/pts
mount -t tmpfs shm /host/dev/shm
for d in /tmp /run /var/tmp /root; do
	mount -t tmpfs -o mode=1777 tmp "/host$d"
done
chmod 700 /host/root
# The repo last: it may live under one of the tmpfs folders (a clone in /tmp).
if [ -n "$repo" ]; then
	mkdir -p "/host$repo"
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 \
		repo "/host$repo" || fail "cannot mount the repo over 9p"
fi
# The cache (kernels, headers, build roots) is a share of its own, read-only
# and cached by the guest, under a writable layer like the root: a build in
# the build root makes its mount points there (/lib/modules, a test lane's
# path) and suites keep scratch files there, without writing to the host.
if [ -n "$cache" ]; then
	mkdir -p "/host$cache" /cachelower /rw/cupper /rw/cwork
	mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 cache /cachelower ||
		fail "cannot mount the cache over 9p"
	mount -t overlay -o lowerdir=/cachelower,upperdir=/rw/cupper,workdir=/rw/cwork \
		cache "/host$cache" || fail "cannot mount the overlay on the cache"
fi
# The kernel's own module tree (unpacked by setup.sh), as an installed kernel
# has it: the driver folder linked, the small index files copied so that
# depmod can rewrite them inside the VM only.
rel=$(uname -r)
if [ -n "$moddir" ] && [ -d "/host$moddir" ]; then
	mkdir -p "/host/lib/modules/$rel"
	ln -sfn "$moddir/kernel" "/host/lib/modules/$rel/kernel"
	cp "/host$moddir"/modules.* "/host/lib/modules/$rel/"
	# The headers setup.sh unpacked, where a kernel's build tree is found.
	kdir=$(arg lkm_kdir)
	[ -z "$kdir" ] || ln -sfn "$kdir" "/host/lib/modules/$rel/build"
	ksrc=$(arg lkm_ksrc)
	[ -z "$ksrc" ] || ln -sfn "$ksrc" "/host/lib/modules/$rel/source"
fi
# The modules built for the booted kernel (scripts/kbuild.sh puts them in
# build/<release>/): mounted over modules/<name>/<name>.ko and the test
# modules' usual paths, so that insmod of those paths loads the right build
# whatever kernel was built last; and in /lib/modules/<release>/updates/
# with the module index vm.sh made (build/<release>/depmod-*/), so that
# `modprobe <name>` finds them.
kbuild=/host$repo/build/$rel
if [ -n "$repo" ] && [ -d "$kbuild/src" ]; then
	for ko in $(cd "$kbuild/src" && find modules tests -name '*.ko' 2>/dev/null); do
		[ -f "/host$repo/$ko" ] && mount --bind "$kbuild/src/$ko" "/host$repo/$ko"
	done
	for d in "$kbuild"/depmod-*/lib/modules/"$rel"; do
		[ -d "$d/updates" ] || continue
		cp "$d"/modules.* "/host/lib/modules/$rel/"
		ln -sfn "${d#/host}/updates" "/host/lib/modules/$rel/updates"
	done
fi
# A guest of another architecture than the machine that built the tools
# (arm64 on amd64) gets that architecture's tools, test programs and toy
# examples (make ARCH=arm64 puts them in build/arm64/) at the usual paths.
case $(uname -m) in
aarch64) garch=arm64 ;;
*) garch= ;;
esac
if [ -n "$garch" ] && [ -n "$repo" ] && [ -d "/host$repo/build/$garch" ]; then
	for d in bin tests toy; do
		[ -d "/host$repo/build/$garch/$d" ] || continue
		mkdir -p "/host$repo/build/$d"
		mount --bind "/host$repo/build/$garch/$d" "/host$repo/build/$d"
	done
fi
# That root was unpacked without running maintainer scripts: do the one
# the suites depend on, graphviz's plugin registration (dot -c), in the
# throw-away layer.
if [ -n "$garch" ] && [ -x /host/usr/bin/dot ] &&
	! ls /host/usr/lib/*/graphviz/config* >/dev/null 2>&1; then
	chroot /host /usr/bin/dot -c 2>/dev/null
fi
mount -t debugfs debugfs /host/sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /host/sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /host/sys/fs/cgroup 2>/dev/null
hostname lab
ip link set lo up 2>/dev/null

export HOME=/root TERM=${TERM:-linux} LANG=C.UTF-8
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

if [ "$mode" = cmd ]; then
	# Keep both ports open throughout (a reopened UART can drop its first
	# bytes) and raw: no \r added to \n, nothing echoed back.
	exec 3>"/dev/$out" 4>"/dev/$err"
	stty -F "/dev/$out" raw -echo 2>/dev/null
	stty -F "/dev/$err" raw -echo 2>/dev/null
	chroot /host /bin/bash "$run/cmd" </dev/null >&3 2>&4
	echo $? >"/host$run/rc"
	# Wait until both UARTs have sent everything (stty drains first).
	stty -F "/dev/$out" raw -echo 2>/dev/null
	stty -F "/dev/$err" raw -echo 2>/dev/null
	sync
else
	dmesg -n 1
	setsid -c chroot /host /bin/bash "$repo/scripts/lib/vm-shell.sh" \
		<"/dev/$tty" >"/dev/$tty" 2>&1
fi
poweroff -f
