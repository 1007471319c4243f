#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# alloc-filter.sh - copy a kernel log (stdin or FILE) without the reports
# the kernel prints by design when an allocation fails, which fault
# injection (tests/vm/failslab.sh) causes on purpose; they are no bug, but
# tests/lib/splat-scan.sh would count their "Call Trace:" or "WARNING:":
#  - warn_alloc's report, "<comm>: vmalloc error: ..." or "<comm>: page
#    allocation failure: ...", with its stack dump (up to "</TASK>");
#  - the module loader's jump-label WARNs: "Failed to allocate memory:
#    jump_label may not work properly." and the WARN_ON in
#    jump_label_del_module() that follows it ("No memory during module
#    load", kernel/jump_label.c), each from "cut here" to "end trace".
# Everything else is kept.

awk '
function flush() {
	if (block !~ /jump_label may not work properly|at kernel\/jump_label\.c:[0-9]+ jump_label_del_module/)
		printf "%s", block
	block = ""
	inblock = 0
}
/vmalloc error: |page allocation failure: / { skip = 1; next }
skip && /<\/TASK>/ { skip = 0; next }
skip { next }
/-+\[ cut here \]-+/ { if (inblock) flush(); inblock = 1 }
inblock {
	block = block $0 "\n"
	if ($0 ~ /---\[ end trace/)
		flush()
	next
}
{ print }
END { if (inblock) flush() }
' "$@"
