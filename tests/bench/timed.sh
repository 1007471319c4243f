#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# timed.sh - run CMD and write its wall time in seconds (%.6f) to FILE. A
# tracer that starts its workload (perf trace, strace) runs this, so the time
# counts the traced command only, not the tracer's start-up. bash's
# EPOCHREALTIME: no clock process of its own to trace.
#
# Usage: tests/bench/timed.sh FILE CMD...

f=$1
shift
t0=$EPOCHREALTIME
"$@" >/dev/null 2>&1
t1=$EPOCHREALTIME
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f\n", b - a }' >"$f"
