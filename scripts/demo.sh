#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - the classroom demo: boots the lab VM and runs the chapters of
# scripts/demo/ in it, each printing an explanation, the command it runs,
# the live output and what to notice. Outputs are saved under build/demo/.

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

usage() {
	cat <<EOF
Usage: ${0##*/} [--kernel 6.1|6.12] [--chapter N] [--list]

Runs the classroom demo in the lab VM (set-up and build included).

  --kernel K    lab kernel to boot (default: $LKM_DEFAULT_KVER)
  --chapter N   run only chapter N (repeatable)
  --list        list the chapters and exit

EXAMPLES
  make demo                          # every chapter on the default kernel
  scripts/demo.sh --list
  scripts/demo.sh --kernel 6.12 --chapter 0
EOF
}

kernel=$LKM_DEFAULT_KVER
chapters=()
list=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2 && shift ;;
	--chapter) chapters+=("$2") && shift ;;
	--list) list=1 ;;
	-h | --help) usage && exit 0 ;;
	*) usage >&2 && exit 2 ;;
	esac
	shift
done

mapfile -t all < <(ls "$LKM_ROOT"/scripts/demo/[0-9]*.sh)
if [ -n "$list" ]; then
	for c in "${all[@]}"; do
		n=${c##*/}
		printf '%2d  %s\n' "$((10#${n%%-*}))" "$(sed -n 's/^# title: //p' "$c")"
	done
	exit 0
fi
run=()
for c in "${all[@]}"; do
	n=${c##*/}
	n=$((10#${n%%-*}))
	if [ ${#chapters[@]} -eq 0 ] || [[ " ${chapters[*]} " == *" $n "* ]]; then
		run+=("$c")
	fi
done
[ ${#run[@]} -gt 0 ] || lkm_die "no such chapter: ${chapters[*]} (see --list)"

"$LKM_ROOT/scripts/setup.sh" all
echo "Building the suite for Linux $kernel..."
make -s -C "$LKM_ROOT" KVER="$kernel" all >/dev/null
out=$LKM_ROOT/build/demo
rm -rf "$out"
mkdir -p "$out"
cd "$LKM_ROOT"
echo "Booting the lab VM (Linux $kernel)..."
"$LKM_ROOT/scripts/vm.sh" --kernel "$kernel" -- \
	env LKM_DEMO_OUT="$out" scripts/demo/run.sh "${run[@]}"
echo
echo "Demo outputs saved in $out/ (open $out/index.html)"
