#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# splat-scan.sh - find kernel splats in a kernel log.
#
# Usage: splat-scan.sh [FILE...]   (standard input without FILE)
# Prints each splat line found and exits 1 if there is any, 0 if the log is
# clean. A splat is anything the kernel prints when it found a bug: BUG,
# Oops, WARNING, KASAN, UBSAN, KFENCE, lockdep reports, sleeping in atomic
# context, soft/hard lockups, hung tasks, RCU stalls, list corruption,
# general protection faults, panics, and any call trace.

pattern='BUG: |kernel BUG at|Oops|WARNING: |KASAN|UBSAN|KFENCE: |'
pattern+='possible (circular|recursive) locking|inconsistent lock state|'
# lockdep's reports start with "WARNING: ..." (above); these are its other
# lines ("RCU lockdep checking is enabled" at boot is not a report).
pattern+='DEBUG_LOCKS_WARN_ON|lockdep is turned off|MAX_LOCKDEP_[A-Z_]* too low|'
pattern+='suspicious RCU usage|sleeping function called from invalid context|'
pattern+='scheduling while atomic|soft lockup|hard LOCKUP|blocked for more than [0-9]+ seconds|'
pattern+='detected stalls|rcu_.* self-detected stall|list_(add|del) corruption|'
# (A user program's fault logs "traps: prog[pid] general protection fault
# ip:..."; only the kernel's own, "general protection fault, probably for
# ..." or "general protection fault: 0000 [#1]", is a splat.)
pattern+='general protection fault(, probably|: [0-9a-f]{4} \[)|Kernel panic|'
# kmemleak: the report (debugfs) and the line a scan logs.
pattern+='Call Trace:|unreferenced object|new suspected memory leak'

if grep -E -e "$pattern" "$@"; then
	exit 1
fi
exit 0
