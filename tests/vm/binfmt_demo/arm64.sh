# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# binfmt_demo/arm64.sh - the arm64 checks of tests/vm/binfmt_demo.sh (sourced).

# The x86-64 checks run x86-64 programs. In an arm64 guest the lab VM mounts
# the arm64 builds (make ARCH=arm64: build/arm64/{toy,tests,bin}) at the
# usual paths; these checks run those examples with binfmt_demo_exec,
# compare each toy with its ELF twin, and have an x86-64 toy file refused.
a_setup() {
	local f
	# The arm64 guest root has busybox's awk only.
	command -v awk >/dev/null || awk() { busybox awk "$@"; }
	for f in "$X" "$TOY/hello.toy" "$TOY/sleeper.toy"; do
		if [ ! -x "$f" ] || [ "$(od -An -tx1 -j18 -N1 "$X")" != " b7" ]; then
			echo "Bail out! $f missing or not arm64: make ARCH=arm64" \
				"tools test-progs examples"
			exit 1
		fi
	done
	W=$(mktemp -d /tmp/binfmt_demo.XXXXXX)
	chmod 755 "$W"
	on_exit 'rm -rf "$W"'
	on_exit '[ -z "$bg" ] || kill "$bg"'
	cp "$TOY"/*.toy "$TOY"/*.elf "$W"/
	# A toy for x86-64: the same file with machine 62 (EM_X86_64).
	cp "$W/hello.toy" "$W/x86-hello.toy"
	printf '\x3e\x00' | dd of="$W/x86-hello.toy" bs=1 seek=6 conv=notrunc 2>/dev/null
	mark_log
}

a_insmod() {
	insmod "$KO" verbose=1
	ktap_check "insmod binfmt_demo.ko (arm64)" [ -d /sys/module/binfmt_demo ]
}

a_kinds() {
	ktap_expect "kinds: native machine arm64" \
		"native magic b7544f59 version 1 machine arm64 max_segs 4" \
		"$(head -n 1 /proc/binfmt_demo/kinds)"
}

a_showargs() {
	local elf toy
	elf=$("$X" -c -e A=1 "$W/showargs.elf" showargs x "y z" 2>&1; echo "rc=$?")
	toy=$("$X" -c -e A=1 "$W/showargs.toy" showargs x "y z" 2>&1; echo "rc=$?")
	ktap_expect "showargs: argv, envp, aligned stack, auxv as the ELF's, exit 3" \
		"${elf//showargs.elf/showargs.toy}" "$toy"
}

a_auxv() {
	local aux self p
	if ! start_sleeper; then
		ktap_fail "auxv: AT_HWCAP, AT_HWCAP2 as binfmt_elf's, AT_PLATFORM aarch64" \
			"sleeper.toy did not start: $(cat "$W/sl.out")"
		return
	fi
	# AT_HWCAP (16) and AT_HWCAP2 (26) as binfmt_elf gave this shell;
	# AT_PLATFORM (15) points at "aarch64" (read from its memory).
	aux=$(od -An -tu8 -w16 -v /proc/$bg/auxv | awk '{ printf "%s=%s ", $1, $2 }')
	self=$(od -An -tu8 -w16 -v /proc/$$/auxv | awk '$1 == 16 || $1 == 26 { printf "%s=%s ", $1, $2 }')
	p=$(od -An -tu8 -w16 -v /proc/$bg/auxv | awk '$1 == 15 { print $2 }')
	p=$(dd if=/proc/$bg/mem bs=1 skip="$p" count=8 2>/dev/null | tr -d '\0')
	if [[ " $aux" == *" ${self%% *} "* ]] && [[ " $aux" == *" ${self#* }"* ]] &&
		[ "$p" = aarch64 ]; then
		ktap_ok "auxv: AT_HWCAP, AT_HWCAP2 as binfmt_elf's, AT_PLATFORM aarch64"
	else
		ktap_fail "auxv: AT_HWCAP, AT_HWCAP2 as binfmt_elf's, AT_PLATFORM aarch64" \
			"toy: $aux; shell: $self; platform '$p'"
	fi
}

a_rmmod_busy() {
	if [ -z "$bg" ]; then
		ktap_fail "rmmod refused while a toy process lives" "no sleeper"
		return
	fi
	rmmod binfmt_demo 2>/dev/null
	ktap_check "rmmod refused while a toy process lives" [ -d /sys/module/binfmt_demo ]
	stop_sleeper
}

a_x86_refused() {
	local out
	out=$("$X" "$W/x86-hello.toy" 2>&1; echo "rc=$?")
	ktap_expect "an x86-64 toy is refused: ENOEXEC, counted under machine" \
		"execve: ENOEXEC
rc=200 rejected_machine 1" "$out $(grep '^rejected_machine ' $STATS)"
}

a_rmmod() {
	local splat
	rmmod binfmt_demo
	splat=$(new_log | grep -E 'WARNING|BUG|Call trace|Oops')
	ktap_check "rmmod after the last toy process, no kernel warning" \
		test ! -d /sys/module/binfmt_demo -a -z "$splat"
}
