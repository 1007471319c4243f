#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh - the lab VM: boot a Debian kernel under QEMU with the host's root
# shared read-only (so host programs run inside; a tmpfs overlay makes it
# writable inside the VM only) and run a command as root, or open an
# interactive root shell with the suite's modules loaded.
#
# The command's stdout and stderr arrive on vm.sh's own stdout and stderr
# (through two serial ports, so kernel messages never mix in), and vm.sh
# exits with the command's status. The guest's kernel log goes to a file under
# .cache/vm/logs/ whose path is printed when the command fails.

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
	cat <<EOF
Usage: ${0##*/} [OPTIONS] [-- COMMAND [ARGS...]]

Boot the lab VM (Debian kernel, TCG or KVM, host root over 9p) and
run COMMAND as root in the current directory, or, without a command, open an
interactive root shell with the four modules loaded.

Options:
  --kernel K      a series of the lab ($LKM_KVERS), a Debian ABI
                  (7.3.4+deb13-amd64), debug, or a bzImage PATH
                  (default: $LKM_DEFAULT_KVER); fetched into .cache/ if missing
  --arch A        amd64 (default) or arm64 (qemu-system-aarch64, -M virt
                  -cpu max, under TCG with pauth-impdef=on; an arm64
                  Debian root made in .cache/ on an amd64 machine); also
                  from LKM_DEB_ARCH
  --smp N         number of CPUs (default: 2)
  --mem SIZE      memory, QEMU syntax (default: 2G)
  --la57          5-level paging (the CPU offers LA57; amd64 only)
  --no-la57       4-level paging (default)
  --lpa2          52-bit VAs, 5 levels with 4K pages where the kernel has
                  them (the CPU offers LPA2; arm64 only; default)
  --no-lpa2       48-bit VAs, 4 levels (-cpu max,lpa2=off; arm64 only)
  --accel A       tcg (default) or kvm; also from LKM_ACCEL. kvm is used
                  only if a probe shows that it works, else tcg with a note
                  (nested KVM can pass the probe and still fail a kernel:
                  "emulation failure"; the suites and benchmarks are
                  measured under TCG)
  --timeout SEC   kill the VM after SEC seconds (default: 1800 with a command)
  --log FILE      keep the guest kernel log in FILE
  --append ARGS   extra kernel command-line arguments
  -h, --help      this help

Exit status: the command's; 124 on timeout; 125 if the VM ended without
running it (kernel panic, crash, bad set-up).

EXAMPLES
  scripts/vm.sh                               # classroom shell, 6.1
  scripts/vm.sh --kernel 7.3 -- uname -r
  scripts/vm.sh --kernel 7.3 -- modprobe pagewalk     # the booted kernel's build
  scripts/vm.sh --la57 -- cat /proc/pagewalk/self
  scripts/vm.sh --arch arm64 --no-lpa2 -- cat /proc/pagewalk/self
  LKM_ACCEL=kvm make demo                     # KVM where it works
  scripts/vm.sh --smp 1 -- sh -c 'insmod modules/pagewalk/pagewalk.ko && ls /proc/pagewalk'
EOF
}

kernel=$LKM_DEFAULT_KVER
smp=2
mem=2G
la57=off
lpa2=on
arch=$LKM_DEB_ARCH
want_accel=${LKM_ACCEL:-tcg}
timeout=
log=
append=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2 && shift ;;
	--smp) smp=$2 && shift ;;
	--mem) mem=$2 && shift ;;
	--arch) arch=$2 && shift ;;
	--la57) la57=on ;;
	--no-la57) la57=off ;;
	--lpa2) lpa2=on ;;
	--no-lpa2) lpa2=off ;;
	--accel) want_accel=$2 && shift ;;
	--timeout) timeout=$2 && shift ;;
	--log) log=$2 && shift ;;
	--append) append=$2 && shift ;;
	-h | --help) usage && exit 0 ;;
	--) shift && break ;;
	*) echo "vm.sh: unknown option '$1'" >&2 && usage >&2 && exit 2 ;;
	esac
	shift
done
[[ $smp =~ ^[1-9][0-9]*$ ]] || lkm_die "--smp wants a number, not '$smp'"
case $arch in
amd64 | x86_64) arch=amd64 ;;
arm64 | aarch64) arch=arm64 ;;
*) lkm_die "--arch wants amd64 or arm64, not '$arch'" ;;
esac
export LKM_DEB_ARCH=$arch
[ "$arch" = amd64 ] || [ "$la57" = off ] || lkm_die "--la57 is an x86 feature"
case $want_accel in
tcg | kvm) ;;
*) lkm_die "--accel (LKM_ACCEL) wants tcg or kvm, not '$want_accel'" ;;
esac
[ "$arch" = arm64 ] || [ "$lpa2" = on ] || lkm_die "--no-lpa2 is an arm64 feature"

vmdir=$LKM_CACHE/vm
mkdir -p "$vmdir/logs"

# The kernel: a series name (6.1, 7.3), a full Debian ABI, "debug" (the
# debug kernel of scripts/debug-kernel.sh), or a bzImage path.
if [ "$kernel" = debug ]; then
	kernel=$("$LKM_ROOT/scripts/debug-kernel.sh" --print)/arch/x86/boot/bzImage
	[ -f "$kernel" ] || lkm_die "no debug kernel yet: run scripts/debug-kernel.sh (about 9 min)"
fi
if [ -f "$kernel" ]; then
	vmlinuz=$(realpath "$kernel")
	abi=custom-$(sha1sum "$vmlinuz" | cut -c1-12)
	moddir=
elif lkm_is_series "$kernel" || [[ $kernel =~ -$LKM_DEB_ARCH$ ]]; then
	abi=$(lkm_resolve_abi "$kernel" image)
	[ -n "$abi" ] && [ -f "$(lkm_kernel_dir "$abi")/.image-ok" ] ||
		"$LKM_ROOT/scripts/setup.sh" vm --kernels "$kernel" >&2 ||
		lkm_die "cannot fetch kernel '$kernel' (see scripts/setup.sh --help)"
	abi=$(lkm_resolve_abi "$kernel" image)
	vmlinuz=$(lkm_vmlinuz "$abi")
	[ -f "$vmlinuz" ] || lkm_die "no kernel image for '$kernel'"
	moddir=$(lkm_moddir "$abi")
	ls "$LKM_ROOT/build/$abi/src/modules/"*/*.ko >/dev/null 2>&1 ||
		lkm_say "vm.sh: note: the modules are not built for $abi yet (make KVER=$kernel)"
else
	lkm_die "no kernel '$kernel': use a series ($LKM_KVERS), a Debian ABI, debug or a bzImage path"
fi

# modprobe inside the VM: the kernel's own drivers plus the suite's modules
# of build/<abi>/ in updates/, indexed by depmod here (natively: in the VM
# depmod would read every driver over 9p under TCG, minutes), once per
# build. vm-init.sh installs the result in the VM's /lib/modules/<abi>/.
depmod_for() {
	local kodir=$LKM_ROOT/build/$abi key dep tmp
	ls "$kodir"/*.ko >/dev/null 2>&1 || return 0
	key=$(cat "$kodir"/*.ko | sha1sum | cut -c1-12)
	dep=$kodir/depmod-$key
	if [ ! -f "$dep/.ok" ]; then
		rm -rf "$kodir"/depmod-*
		tmp=$dep/lib/modules/$abi
		mkdir -p "$tmp/updates"
		ln -s "$moddir/kernel" "$tmp/kernel"
		cp "$moddir"/modules.order "$moddir"/modules.builtin* "$tmp/"
		cp "$kodir"/*.ko "$tmp/updates/"
		depmod -b "$dep" "$abi" || lkm_die "depmod of the modules built for $abi failed"
		rm "$tmp/kernel"
		touch "$dep/.ok"
	fi
}

# The guest's root: this machine's own (its programs run in the VM) when
# the architectures match; else an arm64 Debian root setup.sh made, with the
# suite's tools cross-built into the repository.
guestroot=/
if [ "$arch" != "$LKM_HOST_ARCH" ]; then
	guestroot=$(lkm_guestroot_dir "$arch")
	[ -f "$guestroot/.ok" ] || "$LKM_ROOT/scripts/setup.sh" vm --kernels "$kernel" >&2
	[ -f "$guestroot/.ok" ] || lkm_die "no $arch root for the guest in ${guestroot#"$LKM_ROOT"/}"
fi
busybox=$guestroot/bin/busybox

# Print, in load order, the modules (paths relative to $moddir) that provide
# the given names, dependencies first. Built-in drivers are skipped.
dep_order() {
	local name path
	for name in "$@"; do
		path=$(grep -E "(^|/)${name}\.ko(\.xz)?:" "$moddir/modules.dep" | cut -d: -f1) || continue
		dep_chain "$path"
	done | awk '!seen[$0]++'
}
dep_chain() {
	local d
	for d in $(grep -E "^$1:" "$moddir/modules.dep" | cut -d: -f2-); do
		dep_chain "$d"
	done
	echo "$1"
}

# initramfs: busybox + vm-init.sh + the virtio/9p modules of this kernel.
initrd_for() {
	local key out stage m
	key=$( (cat "$LKM_ROOT/scripts/lib/vm-init.sh" "$busybox" "$0" && echo "$abi") |
		sha1sum | cut -c1-12)
	out=$vmdir/initramfs-$abi-$key.cpio.gz
	if [ ! -f "$out" ]; then
		stage=$(mktemp -d "$vmdir/initramfs.XXXXXX")
		mkdir -p "$stage"/{bin,dev,proc,sys,lib/modules}
		cp "$busybox" "$stage/bin/busybox"
		cp "$LKM_ROOT/scripts/lib/vm-init.sh" "$stage/init"
		chmod 755 "$stage/init"
		: >"$stage/modules.order"
		if [ -n "$moddir" ]; then
			for m in $(dep_order virtio_pci 9pnet_virtio 9p overlay); do
				local base=${m##*/}
				case $base in
				*.xz) xz -dc "$moddir/$m" >"$stage/lib/modules/${base%.xz}" ;;
				*) cp "$moddir/$m" "$stage/lib/modules/$base" ;;
				esac
				echo "${base%.xz}" >>"$stage/modules.order"
			done
		fi
		(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
		mv "$out.tmp" "$out"
		rm -rf "$stage"
	fi
	echo "$out"
}

# TCG unless KVM is asked for (--accel kvm, LKM_ACCEL=kvm); then KVM only
# if a 64 KiB firmware that writes to the debug-exit port really exits
# through KVM within a few seconds (on some hosts /dev/kvm just hangs). The
# probe is not proof: under nested virtualization it passed and the kernel
# then stopped with "emulation failure" at its first VEX instruction, which
# is why TCG is the default.
accel_probe() {
	local stamp=$vmdir/accel-$(uname -r) fw
	if [ "$want_accel" = tcg ] || [ "$arch" != "$LKM_HOST_ARCH" ]; then
		echo tcg
		return
	fi
	if [ ! -f "$stamp" ]; then
		echo tcg >"$stamp"
		if [ -w /dev/kvm ]; then
			fw=$(mktemp "$vmdir/fw.XXXXXX")
			head -c 65520 /dev/zero >"$fw"
			# mov al,0x21; out 0xf4,al; hlt; then pad to 16 bytes.
			printf '\xb0\x21\xe6\xf4\xf4\xeb\xfd\x90\x90\x90\x90\x90\x90\x90\x90\x90' >>"$fw"
			local rc=0
			timeout 5 qemu-system-x86_64 -accel kvm -cpu max -bios "$fw" -display none \
				-nodefaults -device isa-debug-exit,iobase=0xf4,iosize=4 \
				>/dev/null 2>&1 || rc=$?
			[ "$rc" -eq 67 ] && echo kvm >"$stamp"
			rm -f "$fw"
		fi
	fi
	cat "$stamp"
}

initrd=$(initrd_for)
[ -z "$moddir" ] || depmod_for
accel=$(accel_probe)
if [ "$accel" != "$want_accel" ]; then
	if [ "$arch" != "$LKM_HOST_ARCH" ]; then
		echo "vm.sh: KVM runs only guests of the host's architecture ($LKM_HOST_ARCH), not $arch: TCG" >&2
	else
		echo "vm.sh: KVM does not work here (no writable /dev/kvm, or the probe failed): TCG" >&2
	fi
fi
# Single-threaded TCG: QEMU 7.2's multi-threaded TCG races with the kernel's
# live text patching (jump labels, int3): an "Oops: int3" killed 4 of 8 VMs
# that toggled a tracepoint 200 times, 0 of 8 with thread=single, same speed.
accel_opt=$accel
[ "$accel" = kvm ] || accel_opt=tcg,thread=single
[ -n "$log" ] || log=$vmdir/logs/$(date +%Y%m%d-%H%M%S)-$abi-$$.log
mkdir -p "$(dirname "$log")"

# A TCG guest on a busy host can be stopped for many seconds, which its
# kernel reads as its own fault: no_timer_check (else the IO-APIC timer check
# can time out and panic the boot), RCU stall warnings after 60 s instead of
# 21 s and soft-lockup warnings after 60 s instead of 20 s. A real lockup is
# still reported, a little later.
# Consoles: the kernel's (and the interactive shell's) on the first UART;
# the command's stdout and stderr on two more ports: UARTs on x86,
# virtio consoles on arm64 (its virt machine has one PL011 UART).
if [ "$arch" = arm64 ]; then
	tty=ttyAMA0 outdev=hvc0 errdev=hvc1
else
	tty=ttyS0 outdev=ttyS1 errdev=ttyS2
fi
cmdline="console=$tty panic=-1 no_timer_check rcupdate.rcu_cpu_stall_timeout=60"
cmdline+=" watchdog_thresh=30 rdinit=/init lkm_repo=$LKM_ROOT${moddir:+ lkm_moddir=$moddir}"
cmdline+=" lkm_tty=$tty lkm_out=$outdev lkm_err=$errdev"
# The headers, as /lib/modules/<release>/build and (the tree of the
# kernel's own sources, which bpftrace reads) /lib/modules/<release>/source.
if [ -n "$moddir" ] && [ -f "$(lkm_headers "$abi")/Makefile" ]; then
	cmdline+=" lkm_kdir=$(lkm_headers "$abi")"
	ksrc=$(sed -n 's|^include \(/.*\)/Makefile$|\1|p' "$(lkm_headers "$abi")/Makefile")
	[ ! -d "$ksrc" ] || cmdline+=" lkm_ksrc=$ksrc"
fi
if [ "$arch" = arm64 ]; then
	# lpa2 is a property of TCG's max CPU; the default leaves it as it is.
	cpu=max
	[ "$lpa2" = on ] || cpu=max,lpa2=off
	# Pointer authentication with QEMU's own (IMPDEF) algorithm: TCG
	# computes the architected QARMA5 in software for every signed
	# return address (two per kernel function that calls another): reading
	# /proc/<pid>/pagemap of 1 GiB took 0.29 s with it, 0.044 s without.
	# The guest sees the same feature; only the emulated hash differs.
	[ "$accel" = kvm ] || cpu+=,pauth-impdef=on
	qemu=(qemu-system-aarch64 -M virt -accel "$accel_opt" -cpu "$cpu" -nic none)
else
	qemu=(qemu-system-x86_64 -accel "$accel_opt" -cpu "max,la57=$la57")
fi
qemu+=(-smp "$smp" -m "$mem" -kernel "$vmlinuz" -initrd "$initrd" -nodefaults -display none
	-no-reboot -device virtio-rng-pci
	-fsdev "local,id=root,path=$guestroot,security_model=none,readonly=on,multidevs=remap"
	-device virtio-9p-pci,fsdev=root,mount_tag=hostroot
	-fsdev "local,id=repo,path=$LKM_ROOT,security_model=none,multidevs=remap"
	-device virtio-9p-pci,fsdev=repo,mount_tag=repo)
# The cache (the kernel's module tree, its headers) is a read-only share of
# its own, with the guest's page cache in front of it (cache=loose): depmod
# reads all 4000 drivers of the tree, which took minutes over the repo's
# uncached share. Also where the guest could not see it otherwise: an arm64
# guest's root is not this machine's, and the guest's fresh /tmp would hide
# a cache under /tmp (a test lane's copy of the tree uses its original's).
qemu+=(-fsdev "local,id=cache,path=$LKM_CACHE,security_model=none,readonly=on,multidevs=remap"
	-device virtio-9p-pci,fsdev=cache,mount_tag=cache)
cmdline+=" lkm_cache=$LKM_CACHE"

if [ $# -eq 0 ]; then
	exec "${qemu[@]}" -serial mon:stdio -append "$cmdline lkm_mode=shell $append"
fi

# Command mode: the command line goes to a run folder in the shared repo
# (not in $LKM_CACHE, which may live outside it and is read-only in the VM).
mkdir -p "$LKM_ROOT/build/vm-run"
run=$(mktemp -d "$LKM_ROOT/build/vm-run/run.XXXXXX")
trap 'rm -rf "$run"' EXIT
{
	echo "cd $(printf '%q' "$PWD") || exit 125"
	for v in TERM CI $(compgen -v LKM_) $(compgen -v KTAP_); do
		[ -n "${!v+x}" ] && echo "export $v=$(printf '%q' "${!v}")"
	done
	printf 'exec'
	printf ' %q' "$@"
	echo
} >"$run/cmd"

# The two ports reach our own stdout and stderr through FIFOs (a reopened
# /dev/stdout would get its own file offset and overwrite the caller's output).
# QEMU writes NAME.out and reads NAME.in, which nobody writes.
mkfifo "$run/out.in" "$run/out.out" "$run/err.in" "$run/err.out"
cat "$run/out.out" &
out_pid=$!
cat "$run/err.out" >&2 &
err_pid=$!
rc=0
if [ "$arch" = arm64 ]; then
	ports=(-device virtio-serial-pci
		-chardev "pipe,id=out,path=$run/out" -device virtconsole,chardev=out
		-chardev "pipe,id=err,path=$run/err" -device virtconsole,chardev=err)
else
	ports=(-chardev "pipe,id=out,path=$run/out" -serial chardev:out
		-chardev "pipe,id=err,path=$run/err" -serial chardev:err)
fi
timeout --foreground -k 5 "${timeout:-1800}" "${qemu[@]}" -serial "file:$log" "${ports[@]}" \
	-append "$cmdline lkm_mode=cmd lkm_run=$run $append" </dev/null || rc=$?
# A reader still waiting in open() (QEMU failed before opening its end) is
# released by a writer that comes and goes; opening read-write never blocks.
exec 5<>"$run/out.out" 6<>"$run/err.out"
exec 5>&- 6>&-
wait "$out_pid" "$err_pid" || true
if [ "$rc" -eq 124 ]; then
	echo "vm.sh: timed out after ${timeout:-1800} s; kernel log: $log" >&2
	exit 124
fi
if [ ! -s "$run/rc" ]; then
	echo "vm.sh: the VM ended without a result (qemu status $rc); kernel log: $log" >&2
	exit 125
fi
rc=$(cat "$run/rc")
[ "$rc" -eq 0 ] || echo "vm.sh: command exited with status $rc; kernel log: $log" >&2
exit "$rc"
