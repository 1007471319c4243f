#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# security.sh - the four modules seen by an unprivileged user.
# Runs inside the lab VM as root from the repository, with the suite built;
# creates a user (uid 4321, in the guest's throw-away /etc/passwd) and runs
# commands as it with setpriv, which drops every capability.
#
# Checks: no world-writable file and every file's mode as documented (the
# modes are listed below, from docs/<module>.md); the user cannot open
# another user's page tables (as /proc/PID/pagemap), sees its own without
# frame numbers, root sees frames; the user cannot open any control file or
# parameter for writing, nor any sched_probe file, nor the syscall_probe
# stream (which holds other users' arguments), and sees only its own rows
# in syscall_probe's stats; root without CAP_SYS_ADMIN gets EPERM from the
# control files and the stream, and sees no frames; executing a toy file
# gives exactly the credentials and refusals of executing an ELF:
# set-user-ID honoured on a normal mount,
# ignored on a nosuid mount, ignored for interpreted files (toy or "#!"),
# EACCES on a noexec mount and without the execute bit.

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib/ktap.sh"
. "$ROOT/tests/vm/lib.sh"
cd "$ROOT" || exit 1

P=$ROOT/build/tests/progs
TOY=$ROOT/build/toy
BIN=$ROOT/build/bin
U=4321
mods="binfmt_demo pagewalk sched_probe syscall_probe"
dirs="/proc/binfmt_demo /proc/pagewalk /proc/sched_probe /proc/syscall_probe"
params=$(for m in $mods; do echo /sys/module/$m/parameters; done)
as_user() { setpriv --reuid=$U --regid=$U --clear-groups "$@"; }
nosys() { setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin "$@"; }

need_files "$P/security_open" "$P/security_ids" "$P/binfmt_demo_exec" \
	"$TOY/ids.elf" "$TOY/ids.toy" "$TOY/hello.toy" "$TOY/greet.toy" "$BIN/mktoy"

W=$(mktemp -d /tmp/security.XXXXXX)
chmod 755 "$W"
on_exit 'rm -rf "$W"'
on_exit 'for m in $mods; do rmmod "$m"; done'
on_exit 'for d in suid nosuid noexec; do umount "$W/$d"; done'

getent passwd $U >/dev/null ||
	echo "lkmsec:x:$U:$U:lkm-suite security test:/nonexistent:/bin/sh" >>/etc/passwd
getent group $U >/dev/null || echo "lkmsec:x:$U:" >>/etc/group

t_load() {
	local ok=1 m
	for m in $mods; do
		insmod "modules/$m/$m.ko" || ok=
	done
	if [ -n "$ok" ]; then ktap_ok "the four modules load"; else ktap_fail "the four modules load"; fi
}

t_user() {
	ktap_expect "the user runs with uid $U and no capability" "uid $U euid $U 0000000000000000" \
		"$(as_user "$P/security_ids") $(as_user grep CapEff /proc/self/status | awk '{print $2}')"
}

# --- modes --------------------------------------------------------------------
t_world_writable() {
	# shellcheck disable=SC2086
	ktap_expect "no world-writable file under the modules' /proc folders or parameters" "" \
		"$(find $dirs $params -perm -o+w 2>&1)"
}

t_no_device() {
	ktap_expect "the modules create no device" "" \
		"$(grep -E 'binfmt_demo|pagewalk|sched_probe|syscall_probe' /proc/devices /proc/misc)"
}

# Every file and its documented mode (docs/<module>.md). pagewalk has one
# file per live PID (all 0444, like self), checked apart. A "?" line is a
# file of a newer version of a module: checked when it exists.
modes_list() {
	cat <<'EOF'
444 root /proc/binfmt_demo/kinds
444 root /proc/binfmt_demo/stats
444 root /proc/pagewalk/self
200 root /proc/sched_probe/control
400 root /proc/sched_probe/cpus
400 root /proc/sched_probe/events
400 root /proc/sched_probe/hist
400 root /proc/sched_probe/stats
400 root /proc/sched_probe/status
200 root /proc/syscall_probe/control
444 root /proc/syscall_probe/stats
444 root /proc/syscall_probe/status
400 root /proc/syscall_probe/stream
444 root /proc/syscall_probe/syscalls
644 root /sys/module/binfmt_demo/parameters/verbose
644 root /sys/module/pagewalk/parameters/resched_pages
444 root /sys/module/sched_probe/parameters/max_tasks
444 root /sys/module/syscall_probe/parameters/max_entries
444 root /sys/module/syscall_probe/parameters/ring_records
?444 root /proc/syscall_probe/ring
EOF
}

t_modes() {
	local mode owner f
	modes_list | while read -r mode owner f; do
		if [ "${mode#\?}" = "$mode" ] || [ -e "$f" ]; then
			echo "${mode#\?} $owner $f"
		fi
	done | sort -k3 >"$W/modes.want"
	# shellcheck disable=SC2086
	find $dirs $params -type f ! -path '/proc/pagewalk/[0-9]*' -exec stat -c '%a %U %n' {} + |
		sort -k3 >"$W/modes.got"
	if diff -u "$W/modes.want" "$W/modes.got" >"$W/modes.diff"; then
		ktap_ok "every file has its documented mode and owner ($(grep -c '' "$W/modes.got") files)"
	else
		ktap_fail "every file has its documented mode and owner" "$(cat "$W/modes.diff")"
	fi
}

t_pid_modes() {
	local n
	n=$(find /proc/pagewalk -name '[0-9]*' | grep -c '')
	ktap_expect "all $n /proc/pagewalk/<pid> files are 0444 root" "" \
		"$(find /proc/pagewalk -name '[0-9]*' \( ! -perm 444 -o ! -user root \))"
}

# --- page tables --------------------------------------------------------------
t_others_tables() {
	local pw pm
	pw=$(as_user "$P/security_open" r /proc/pagewalk/1)
	pm=$(as_user "$P/security_open" r /proc/1/pagemap)
	if [[ $pw =~ ^(EACCES|EPERM)$ && $pm =~ ^(EACCES|EPERM)$ ]]; then
		ktap_ok "the user cannot open root's page tables: /proc/pagewalk/1 $pw, /proc/1/pagemap $pm"
	else
		ktap_fail "the user cannot open root's page tables" "pagewalk/1: $pw, pagemap: $pm"
	fi
}

t_own_tables() {
	local leaves
	as_user cat /proc/pagewalk/self >"$W/own" 2>&1
	leaves=$(grep -c 'pfn=' "$W/own")
	ktap_check "the user sees its own page tables without frames ($leaves leaf lines: pfn=0x0, redacted)" \
		sh -c "[ $leaves -gt 0 ] && ! grep 'pfn=' '$W/own' | grep -v 'pfn=0x0 .*redacted' | grep -q . &&
			grep -qx '# pfn redacted (needs CAP_SYS_ADMIN)' '$W/own'"
}

t_root_frames() {
	cat /proc/pagewalk/self >"$W/root"
	ktap_check "root sees frame numbers" grep -qE 'pfn=0x[0-9a-f]*[1-9a-f]' "$W/root"
}

# --- control files and streams ------------------------------------------------
t_user_controls() {
	local ctl got
	ctl="/proc/sched_probe/control /proc/syscall_probe/control
/sys/module/binfmt_demo/parameters/verbose /sys/module/pagewalk/parameters/resched_pages"
	# shellcheck disable=SC2086
	got=$(as_user "$P/security_open" w $ctl | sort -u | tr '\n' ' ')
	ktap_expect "the user cannot open a control file or parameter for writing (EACCES)" "EACCES " "$got"
}

t_user_writes() {
	local got
	# shellcheck disable=SC2086,SC2046
	got=$(as_user "$P/security_open" w $(find $dirs $params -type f ! -path '/proc/pagewalk/[0-9]*') |
		sort -u | tr '\n' ' ')
	ktap_expect "the user cannot open any of the modules' files for writing (EACCES)" "EACCES " "$got"
}

t_nosys_controls() {
	local got
	got=$(nosys "$P/security_open" w -c reset /proc/sched_probe/control /proc/syscall_probe/control |
		sort -u | tr '\n' ' ')
	ktap_expect "root without CAP_SYS_ADMIN: the control files refuse commands (EPERM)" "ok EPERM " "$got"
}

t_nosys_stream() {
	ktap_expect "root without CAP_SYS_ADMIN cannot open syscall_probe's stream (EPERM)" "EPERM" \
		"$(nosys "$P/security_open" r /proc/syscall_probe/stream)"
}

t_nosys_frames() {
	nosys cat /proc/pagewalk/self >"$W/nosys"
	ktap_check "root without CAP_SYS_ADMIN sees its page tables without frames" \
		sh -c "grep -q 'pfn=0x0 .*redacted' '$W/nosys' && ! grep -qE 'pfn=0x[0-9a-f]*[1-9a-f]' '$W/nosys'"
}

t_user_reads() {
	local got
	got=$(as_user "$P/security_open" r /proc/sched_probe/{stats,hist,cpus,status,events} \
		/proc/syscall_probe/stream | sort -u | tr '\n' ' ')
	ktap_expect "the user cannot read sched_probe's files nor syscall_probe's stream (EACCES)" "EACCES " "$got"
}

# syscall_probe stats: rows of the user's threads only.
rows() { awk -v c="$1" '$3 == c' "$2" | grep -c ''; }
t_user_rows() {
	cp /bin/true "$W/sec_root_job"
	cp /bin/true "$W/sec_user_job"
	chmod 755 "$W"/sec_*
	echo 'filter none' >/proc/syscall_probe/control
	echo reset >/proc/syscall_probe/control
	echo enable >/proc/syscall_probe/control
	"$W/sec_root_job"
	as_user "$W/sec_user_job"
	echo disable >/proc/syscall_probe/control
	as_user cat /proc/syscall_probe/stats >"$W/stats.user"
	cat /proc/syscall_probe/stats >"$W/stats.root"
	ktap_check "syscall_probe stats: the user sees its own rows ($(rows sec_user_job "$W/stats.user")), none of root's; root sees both" \
		sh -c "[ $(rows sec_user_job "$W/stats.user") -gt 0 ] && [ $(rows sec_root_job "$W/stats.user") = 0 ] &&
			[ $(rows sec_root_job "$W/stats.root") -gt 0 ] && [ $(rows sec_user_job "$W/stats.root") -gt 0 ]"
	echo reset >/proc/syscall_probe/control
}

# --- executing toy files as the user: the same rules as ELF -------------------
toy_mounts() {
	local d
	for d in suid nosuid noexec; do mkdir "$W/$d"; done
	mount -t tmpfs -o mode=755 sec "$W/suid"
	mount -t tmpfs -o mode=755,nosuid sec "$W/nosuid"
	mount -t tmpfs -o mode=755,noexec sec "$W/noexec"
	printf 'print interpreted\n' >"$W/prog.tvm"
	for d in suid nosuid noexec; do
		cp "$TOY/ids.elf" "$TOY/ids.toy" "$TOY/hello.toy" "$TOY/hello.elf" "$W/$d/"
		"$BIN/mktoy" -i "$P/security_ids" -o "$W/$d/ids-interp.toy" "$W/prog.tvm" >/dev/null
		printf '#!%s\n' "$P/security_ids" >"$W/$d/ids-script.sh"
		chmod 4755 "$W/$d"/ids*
	done
}

t_suid() {
	local e t
	toy_mounts
	e=$(as_user "$W/suid/ids.elf")
	t=$(as_user "$W/suid/ids.toy")
	ktap_expect "set-user-ID root: the toy file runs with euid 0, like the ELF ($e)" \
		"uid $U euid 0|uid $U euid 0" "$e|$t"
}

t_nosuid() {
	local e t
	e=$(as_user "$W/nosuid/ids.elf")
	t=$(as_user "$W/nosuid/ids.toy")
	ktap_expect "set-user-ID on a nosuid mount: ignored for the toy file as for the ELF ($e)" \
		"uid $U euid $U|uid $U euid $U" "$e|$t"
}

t_suid_interp() {
	local e t
	e=$(as_user "$W/suid/ids-script.sh")
	t=$(as_user "$W/suid/ids-interp.toy")
	ktap_expect "set-user-ID interpreted toy file: ignored, as for a #! script ($e)" \
		"uid $U euid $U|uid $U euid $U" "$e|$t"
}

t_noexec() {
	local got f
	got=$(for f in hello.elf hello.toy ids-interp.toy ids-script.sh; do
		as_user "$P/binfmt_demo_exec" "$W/noexec/$f" 2>&1
	done | sort -u | tr '\n' ' ')
	ktap_expect "noexec mount: ELF, toy, interpreted toy and script all refused with EACCES" \
		"execve: EACCES " "$got"
}

t_no_x_bit() {
	local got f
	chmod 644 "$W/suid/hello.elf" "$W/suid/hello.toy"
	got=$(for f in hello.elf hello.toy; do
		as_user "$P/binfmt_demo_exec" "$W/suid/$f" 2>&1
	done | tr '\n' ' ')
	ktap_expect "without the execute bit: the toy file refused with EACCES, like the ELF" \
		"execve: EACCES execve: EACCES " "$got"
}

t_toy_runs() {
	ktap_expect "the toy file runs as the user on a normal mount" "Hello from a toy executable!" \
		"$(as_user "$TOY/hello.toy")"
}

t_unload() {
	local ok=1 d m
	for d in suid nosuid noexec; do umount "$W/$d" || ok=; done
	for m in $mods; do
		rmmod "$m" || ok=
	done
	if [ -n "$ok" ]; then ktap_ok "the four modules unload"; else ktap_fail "the four modules unload"; fi
	echo "# ${SECONDS}s elapsed"
}

ktap_run security t_load t_user t_world_writable t_no_device t_modes t_pid_modes \
	t_others_tables t_own_tables t_root_frames t_user_controls t_user_writes \
	t_nosys_controls t_nosys_stream t_nosys_frames t_user_reads t_user_rows \
	t_suid t_nosuid t_suid_interp t_noexec t_no_x_bit t_toy_runs t_unload
