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
cd "$ROOT" || exit 1

P=$ROOT/build/tests/progs
TOY=$ROOT/build/toy
BIN=$ROOT/build/bin
U=4321
mods="binfmt_demo pagewalk sched_probe syscall_probe"
as_user() { setpriv --reuid=$U --regid=$U --clear-groups "$@"; }

ktap_begin security 23
for f in "$P/security_open" "$P/security_ids" "$P/binfmt_demo_exec" \
	"$TOY/ids.elf" "$TOY/ids.toy" "$TOY/hello.toy" "$TOY/greet.toy" "$BIN/mktoy"; do
	if [ ! -x "$f" ]; then
		echo "Bail out! $f missing: make KVER=\$(uname -r) all test-progs"
		exit 1
	fi
done

W=$(mktemp -d /tmp/security.XXXXXX)
chmod 755 "$W"
cleanup() {
	[ -n "$bg" ] && kill "$bg" 2>/dev/null
	for d in suid nosuid noexec; do umount "$W/$d" 2>/dev/null; done
	for m in $mods; do rmmod "$m" 2>/dev/null; done
	rm -rf "$W"
}
trap cleanup EXIT

getent passwd $U >/dev/null ||
	echo "lkmsec:x:$U:$U:lkm-suite security test:/nonexistent:/bin/sh" >>/etc/passwd
getent group $U >/dev/null || echo "lkmsec:x:$U:" >>/etc/group

ok=1
for m in $mods; do
	insmod "modules/$m/$m.ko" || ok=
done
if [ -n "$ok" ]; then ktap_ok "the four modules load"; else ktap_fail "the four modules load"; fi
ktap_expect "the user runs with uid $U and no capability" "uid $U euid $U 0000000000000000" \
	"$(as_user "$P/security_ids") $(as_user grep CapEff /proc/self/status | awk '{print $2}')"

# --- modes --------------------------------------------------------------------
dirs="/proc/binfmt_demo /proc/pagewalk /proc/sched_probe /proc/syscall_probe"
params=$(for m in $mods; do echo /sys/module/$m/parameters; done)
ktap_expect "no world-writable file under the modules' /proc folders or parameters" "" \
	"$(find $dirs $params -perm -o+w 2>&1)"
ktap_expect "the modules create no device" "" \
	"$(grep -E 'binfmt_demo|pagewalk|sched_probe|syscall_probe' /proc/devices /proc/misc)"

# Every file and its documented mode (docs/<module>.md). pagewalk has one
# file per live PID (all 0444, like self), checked apart. A "?" line is a
# file of a newer version of a module: checked when it exists.
cat >"$W/modes.list" <<'EOF'
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
while read -r mode owner f; do
	if [ "${mode#\?}" = "$mode" ] || [ -e "$f" ]; then
		echo "${mode#\?} $owner $f"
	fi
done <"$W/modes.list" | sort -k3 >"$W/modes.want"
find $dirs $params -type f ! -path '/proc/pagewalk/[0-9]*' -exec stat -c '%a %U %n' {} + |
	sort -k3 >"$W/modes.got"
if diff -u "$W/modes.want" "$W/modes.got" >"$W/modes.diff"; then
	ktap_ok "every file has its documented mode and owner ($(grep -c '' "$W/modes.got") files)"
else
	ktap_fail "every file has its documented mode and owner" "$(cat "$W/modes.diff")"
fi
n=$(find /proc/pagewalk -name '[0-9]*' | grep -c '')
ktap_expect "all $n /proc/pagewalk/<pid> files are 0444 root" "" \
	"$(find /proc/pagewalk -name '[0-9]*' \( ! -perm 444 -o ! -user root \))"

# --- page tables --------------------------------------------------------------
pw=$(as_user "$P/security_open" r /proc/pagewalk/1)
pm=$(as_user "$P/security_open" r /proc/1/pagemap)
if [[ $pw =~ ^(EACCES|EPERM)$ && $pm =~ ^(EACCES|EPERM)$ ]]; then
	ktap_ok "the user cannot open root's page tables: /proc/pagewalk/1 $pw, /proc/1/pagemap $pm"
else
	ktap_fail "the user cannot open root's page tables" "pagewalk/1: $pw, pagemap: $pm"
fi
as_user cat /proc/pagewalk/self >"$W/own" 2>&1
leaves=$(grep -c 'pfn=' "$W/own")
ktap_check "the user sees its own page tables without frames ($leaves leaf lines: pfn=0x0, redacted)" \
	sh -c "[ $leaves -gt 0 ] && ! grep 'pfn=' '$W/own' | grep -v 'pfn=0x0 .*redacted' | grep -q . &&
		grep -qx '# pfn redacted (needs CAP_SYS_ADMIN)' '$W/own'"
cat /proc/pagewalk/self >"$W/root"
ktap_check "root sees frame numbers" grep -qE 'pfn=0x[0-9a-f]*[1-9a-f]' "$W/root"

# --- control files and streams ------------------------------------------------
ctl="/proc/sched_probe/control /proc/syscall_probe/control
/sys/module/binfmt_demo/parameters/verbose /sys/module/pagewalk/parameters/resched_pages"
got=$(as_user "$P/security_open" w $ctl | sort -u | tr '\n' ' ')
ktap_expect "the user cannot open a control file or parameter for writing (EACCES)" "EACCES " "$got"
got=$(as_user "$P/security_open" w $(find $dirs $params -type f ! -path '/proc/pagewalk/[0-9]*') |
	sort -u | tr '\n' ' ')
ktap_expect "the user cannot open any of the modules' files for writing (EACCES)" "EACCES " "$got"
got=$(setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin \
	"$P/security_open" w -c reset /proc/sched_probe/control /proc/syscall_probe/control |
	sort -u | tr '\n' ' ')
ktap_expect "root without CAP_SYS_ADMIN: the control files refuse commands (EPERM)" "ok EPERM " "$got"
nosys() { setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin "$@"; }
ktap_expect "root without CAP_SYS_ADMIN cannot open syscall_probe's stream (EPERM)" "EPERM" \
	"$(nosys "$P/security_open" r /proc/syscall_probe/stream)"
nosys cat /proc/pagewalk/self >"$W/nosys"
ktap_check "root without CAP_SYS_ADMIN sees its page tables without frames" \
	sh -c "grep -q 'pfn=0x0 .*redacted' '$W/nosys' && ! grep -qE 'pfn=0x[0-9a-f]*[1-9a-f]' '$W/nosys'"
got=$(as_user "$P/security_open" r /proc/sched_probe/{stats,hist,cpus,status,events} /proc/syscall_probe/stream |
	sort -u | tr '\n' ' ')
ktap_expect "the user cannot read sched_probe's files nor syscall_probe's stream (EACCES)" "EACCES " "$got"

# syscall_probe stats: rows of the user's threads only.
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
rows() { awk -v c="$1" '$3 == c' "$2" | grep -c ''; }
ktap_check "syscall_probe stats: the user sees its own rows ($(rows sec_user_job "$W/stats.user")), none of root's; root sees both" \
	sh -c "[ $(rows sec_user_job "$W/stats.user") -gt 0 ] && [ $(rows sec_root_job "$W/stats.user") = 0 ] &&
		[ $(rows sec_root_job "$W/stats.root") -gt 0 ] && [ $(rows sec_user_job "$W/stats.root") -gt 0 ]"
echo reset >/proc/syscall_probe/control

# --- executing toy files as the user: the same rules as ELF -------------------
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
e=$(as_user "$W/suid/ids.elf")
t=$(as_user "$W/suid/ids.toy")
ktap_expect "set-user-ID root: the toy file runs with euid 0, like the ELF ($e)" "uid $U euid 0|uid $U euid 0" "$e|$t"
e=$(as_user "$W/nosuid/ids.elf")
t=$(as_user "$W/nosuid/ids.toy")
ktap_expect "set-user-ID on a nosuid mount: ignored for the toy file as for the ELF ($e)" \
	"uid $U euid $U|uid $U euid $U" "$e|$t"
e=$(as_user "$W/suid/ids-script.sh")
t=$(as_user "$W/suid/ids-interp.toy")
ktap_expect "set-user-ID interpreted toy file: ignored, as for a #! script ($e)" \
	"uid $U euid $U|uid $U euid $U" "$e|$t"
got=$(for f in hello.elf hello.toy ids-interp.toy ids-script.sh; do
	as_user "$P/binfmt_demo_exec" "$W/noexec/$f" 2>&1
done | sort -u | tr '\n' ' ')
ktap_expect "noexec mount: ELF, toy, interpreted toy and script all refused with EACCES" "execve: EACCES " "$got"
chmod 644 "$W/suid/hello.elf" "$W/suid/hello.toy"
got=$(for f in hello.elf hello.toy; do
	as_user "$P/binfmt_demo_exec" "$W/suid/$f" 2>&1
done | tr '\n' ' ')
ktap_expect "without the execute bit: the toy file refused with EACCES, like the ELF" \
	"execve: EACCES execve: EACCES " "$got"
ktap_expect "the toy file runs as the user on a normal mount" "Hello from a toy executable!" \
	"$(as_user "$TOY/hello.toy")"

ok=1
for d in suid nosuid noexec; do umount "$W/$d" || ok=; done
for m in $mods; do
	rmmod "$m" || ok=
done
if [ -n "$ok" ]; then ktap_ok "the four modules unload"; else ktap_fail "the four modules unload"; fi
echo "# ${SECONDS}s elapsed"
ktap_end
