#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# binfmt_demo-misc.sh - binfmt_demo next to binfmt_misc: registers the
# interpreted toy kind (magic b7 54 4f 59 01 02: "\xb7TOY", version 1,
# kind 2) with binfmt_misc too, runs the same toy file before, during and
# after, and shows which handler wins and why. Run as root in the lab VM:
#
#   scripts/vm.sh --kernel 6.12 -- scripts/binfmt_demo-misc.sh
#
# Needs build/bin/{toyvm,mktoy}, build/tests/progs/binfmt_demo_exec and the
# module built for the running kernel. Exit status 0 when binfmt_misc won
# while registered and binfmt_demo handled the file before and after.

set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
X=$ROOT/build/tests/progs/binfmt_demo_exec
TOYVM=$ROOT/build/bin/toyvm
MISC=/proc/sys/fs/binfmt_misc
W=$(mktemp -d /tmp/binfmt_demo-misc.XXXXXX)
chmod 755 "$W"
loaded_demo="" loaded_misc="" mounted="" fail=0

say() { printf '\n== %s\n' "$*"; }
examined() { awk '$1 == "examined" { print $2 }' /proc/binfmt_demo/stats; }

cleanup() {
	[ -e $MISC/toy ] && echo -1 >$MISC/toy
	[ -n "$mounted" ] && umount $MISC
	[ -n "$loaded_misc" ] && rmmod binfmt_misc
	[ -n "$loaded_demo" ] && rmmod binfmt_demo
	rm -rf "$W"
}
trap cleanup EXIT

for f in "$X" "$TOYVM" "$ROOT/build/bin/mktoy"; do
	[ -x "$f" ] || { echo "missing $f: make -C userspace && make -C tests" >&2; exit 1; }
done
if [ ! -d /sys/module/binfmt_demo ]; then
	insmod modules/binfmt_demo/binfmt_demo.ko ||
		{ echo "cannot load binfmt_demo: build it for $(uname -r)" >&2; exit 1; }
	loaded_demo=1
fi
if [ ! -e $MISC/register ]; then
	# built in (the debug kernel), it has no /sys/module entry
	if ! grep -qw binfmt_misc /proc/filesystems; then
		ko=
		for d in "$ROOT/.cache/kernels/$(uname -r)" ""; do
			for x in "" .xz; do
				f=$d/lib/modules/$(uname -r)/kernel/fs/binfmt_misc.ko$x
				[ -z "$ko" ] && [ -e "$f" ] && ko=$f
			done
		done
		{ [ -n "$ko" ] && insmod "$ko"; } || modprobe binfmt_misc 2>/dev/null ||
			{ echo "cannot load binfmt_misc" >&2; exit 1; }
		loaded_misc=1
	fi
	mount -t binfmt_misc binfmt_misc $MISC || exit 1
	mounted=1
fi

# The wrapper binfmt_misc will run: says so, then runs toyvm as usual.
cat >"$W/misc-toyvm" <<EOF
#!/bin/sh
echo "[binfmt_misc ran: \$0 \$*]"
exec $TOYVM "\$@"
EOF
chmod 755 "$W/misc-toyvm"
printf 'print toyvm says hello\n' >"$W/hi.tvm"
"$ROOT/build/bin/mktoy" -i "$TOYVM" -o "$W/hi.toy" "$W/hi.tvm" || exit 1

say "1. Only binfmt_demo knows toy files"
e0=$(examined)
out=$("$X" "$W/hi.toy" 2>&1)
echo "$out"
e1=$(examined)
echo "binfmt_demo examined: $e0 -> $e1"
[ "$out" = "toyvm says hello" ] && [ $((e1 - e0)) -ge 1 ] || fail=1

say "2. Register the interpreted kind with binfmt_misc"
echo ":toy:M::\\xb7TOY\\x01\\x02::$W/misc-toyvm:" >$MISC/register || exit 1
echo "echo ':toy:M::\\xb7TOY\\x01\\x02::$W/misc-toyvm:' > $MISC/register"
cat $MISC/toy
e0=$(examined)
out=$("$X" "$W/hi.toy" 2>&1)
echo "$out"
e1=$(examined)
echo "binfmt_demo examined: $e0 -> $e1"
[[ $out == "[binfmt_misc ran: "* ]] && [ "$e1" = "$e0" ] || fail=1
echo "binfmt_misc won: it registers with insert_binfmt() at the HEAD of the"
echo "kernel's handler list, binfmt_demo with register_binfmt() at the tail;"
echo "exec tries handlers in list order and the first that does not answer"
echo "-ENOEXEC wins, so binfmt_demo never saw the file."

say "3. Native toy files do not match the misc magic (kind byte 01)"
out=$("$X" "$ROOT/build/toy/hello.toy" 2>&1)
echo "$out"
[ "$out" = "Hello from a toy executable!" ] || fail=1

say "4. Disable the binfmt_misc entry: binfmt_demo handles it again"
echo 0 >$MISC/toy
e0=$(examined)
out=$("$X" "$W/hi.toy" 2>&1)
echo "$out"
e1=$(examined)
echo "binfmt_demo examined: $e0 -> $e1"
[ "$out" = "toyvm says hello" ] && [ $((e1 - e0)) -ge 1 ] || fail=1
echo -1 >$MISC/toy

say "$([ $fail = 0 ] && echo "as expected" || echo "UNEXPECTED result")"
exit $fail
