#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - the classroom demo: boots the lab VM and runs the chapters of
# scripts/demo/ in it, each printing an explanation, the command it runs,
# the live output and what to notice, and checking its key claim on the live
# kernel. Outputs (text, JSON, SVG, index.html) are saved under build/demo/.
# A chapter NN-name.sh may have a part NN-name.la57 that needs 5-level
# paging: it runs in a second boot of the VM with --la57 (x86-64). With
# --arch arm64 a chapter NN-name.arm64 beside it, when there is one, is
# told instead (the same ideas under arm64's names: exception levels,
# svc #0, TTBR0_EL1).

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
	cat <<EOF2
Usage: ${0##*/} [--arch amd64|arm64] [--kernel K] [--chapter N]... [--pause] [--out DIR] [--list]

Runs the classroom demo "what happens when you run a program" in the lab VM
(set-up and build included) and saves every output on the host.

  --arch A      the lab VM's architecture: amd64 (default) or arm64 (the
                same chapters told in arm64's terms, cross-built, in
                qemu-system-aarch64 under TCG: slower)
  --kernel K    lab kernel to boot: 6.1, 6.12, 7.2, 7.3 (default:
                $LKM_DEFAULT_KVER; on arm64 6.12)
  --chapter N   run only chapter N (repeatable)
  --pause       wait for Enter between steps (for a live class)
  --out DIR     where outputs go (default: build/demo); must be inside the
                repository, which the VM shares
  --no-setup    skip set-up and build (the suite is already built for K)
  --log-dir DIR keep the VM's kernel logs there (vm.log, vm-la57.log)
  --list        list the chapters and exit

Exit status: 0 when every chapter ran and every claim was shown on the live
kernel, 1 otherwise (the failed claims are listed at the end).

EXAMPLES
  make demo                                   # all chapters, default kernel
  scripts/demo.sh --list
  scripts/demo.sh --kernel 6.12 --chapter 3   # time slicing on EEVDF
  scripts/demo.sh --arch arm64 --chapter 1    # EL0 and EL1 instead of rings
  scripts/demo.sh --pause                     # step by step, in class
EOF2
}

kernel=
arch=amd64
chapters=()
list=
pause=0
setup=1
logdir=
out=$LKM_ROOT/build/demo
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2 && shift ;;
	--arch) arch=$2 && shift ;;
	--chapter) chapters+=("$2") && shift ;;
	--pause) pause=1 ;;
	--out) out=$2 && shift ;;
	--no-setup) setup= ;;
	--log-dir) logdir=$2 && shift ;;
	--list) list=1 ;;
	-h | --help) usage && exit 0 ;;
	*) usage >&2 && exit 2 ;;
	esac
	shift
done

case $arch in
amd64 | x86_64) arch=amd64 ;;
arm64 | aarch64) arch=arm64 ;;
*) usage >&2 && exit 2 ;;
esac
[ -n "$kernel" ] || { [ $arch = arm64 ] && kernel=6.12 || kernel=$LKM_DEFAULT_KVER; }

# The chapters, each as told on $arch.
mapfile -t all < <(ls "$LKM_ROOT"/scripts/demo/[0-9][0-9]-*.sh)
for i in "${!all[@]}"; do
	[ $arch = amd64 ] || [ ! -f "${all[i]%.sh}.$arch" ] || all[i]=${all[i]%.sh}.$arch
done
if [ -n "$list" ]; then
	for c in "${all[@]}"; do
		n=${c##*/}
		printf '%2d  %s\n' "$((10#${n%%-*}))" "$(sed -n 's/^# title: //p' "$c")"
	done
	exit 0
fi
run=()
la57=()
for c in "${all[@]}"; do
	n=${c##*/}
	n=$((10#${n%%-*}))
	if [ ${#chapters[@]} -eq 0 ] || [[ " ${chapters[*]} " == *" $n "* ]]; then
		run+=("$c")
		[ $arch != amd64 ] || [ ! -f "${c%.sh}.la57" ] || la57+=("${c%.sh}.la57")
	fi
done
[ ${#run[@]} -gt 0 ] || lkm_die "no such chapter: ${chapters[*]} (see --list)"

mkdir -p "$out"
out=$(realpath "$out")
case $out/ in
"$LKM_ROOT"/*) ;;
*) lkm_die "--out must be inside $LKM_ROOT (the VM sees only the repository)" ;;
esac
if [ -n "$setup" ]; then
	"$LKM_ROOT/scripts/setup.sh" all
	[ $arch = amd64 ] || LKM_DEB_ARCH=$arch "$LKM_ROOT/scripts/setup.sh" vm --kernels "$kernel"
	echo "Building the suite for Linux $kernel ($arch)..."
	cross=()
	[ $arch = amd64 ] || cross=(ARCH=$arch)
	make -s -C "$LKM_ROOT" "${cross[@]}" KVER="$kernel" all test-progs >/dev/null
fi
rm -rf "${out:?}"/*
rm -f "$out/.go" "$out/.steps"
cd "$LKM_ROOT"

# --pause: each Enter pressed here lets the VM's next step run.
feeder=
if [ "$pause" = 1 ]; then
	{ : </dev/tty; } 2>/dev/null || lkm_die "--pause needs a terminal to read Enter from"
	: >"$out/.go"
	(while read -r _ </dev/tty; do echo >>"$out/.go"; done) &
	feeder=$!
fi
trap '[ -n "$feeder" ] && kill "$feeder" 2>/dev/null; true' EXIT

status=0
echo "Booting the lab VM (Linux $kernel, $arch)..."
vmlog=()
[ -z "$logdir" ] || vmlog=(--log "$logdir/vm.log")
# One 1 GiB huge page reserved at boot (with 1 GiB more memory) so that
# chapter 5 can show a real 1 GiB leaf.
"$LKM_ROOT/scripts/vm.sh" --arch $arch --kernel "$kernel" "${vmlog[@]}" \
	--mem 3G --append "hugepagesz=1G hugepages=1" -- \
	env LKM_DEMO_OUT="$out" LKM_DEMO_PAUSE="$pause" \
	sh -c 'echo "$(uname -r) ($(uname -v))" >"$LKM_DEMO_OUT/kernel.txt"; exec scripts/demo/run.sh "$@"' \
	demo "${run[@]}" || status=1
if [ ${#la57[@]} -gt 0 ]; then
	echo "Booting the lab VM again with 5-level paging (Linux $kernel, --la57)..."
	[ -z "$logdir" ] || vmlog=(--log "$logdir/vm-la57.log")
	"$LKM_ROOT/scripts/vm.sh" --kernel "$kernel" --la57 "${vmlog[@]}" -- \
		env LKM_DEMO_OUT="$out" LKM_DEMO_PAUSE="$pause" \
		scripts/demo/run.sh "${la57[@]}" || status=1
fi
"$LKM_ROOT/scripts/demo/index.sh" "$out"
echo
if grep -q '^not ok' "$out/claims.txt" 2>/dev/null; then
	echo "Claims NOT shown on this kernel:"
	grep '^not ok' "$out/claims.txt" | sed 's/^not ok /  /'
	status=1
fi
echo "Demo outputs saved in $out/ (open $out/index.html)"
exit $status
