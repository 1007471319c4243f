# SPDX-License-Identifier: GPL-2.0
#
# pictures.sh - the demo's pictures, drawn with Graphviz (source it after
# lib.sh). Each function turns a chapter's JSON into a dot graph with jq,
# keeps the graph beside the picture (SVG with .dot for .svg: a teacher can
# change it and run `dot -Tsvg` again) and renders it with `dot -Tsvg`; the
# chapter then registers the SVG with `picture`. A function fails, and
# leaves no SVG, when jq or dot fails. Addresses and offsets are in hex,
# sizes in bytes; each picture's title says what it shows.
#
#   draw_cow JSON SVG [PAGESIZE]
#                       copy-on-write, from `pagewalk demo cow --json`: two
#                       panels (after fork, after the child's write), each
#                       page of parent and child (virtual address, RO/RW)
#                       with an arrow to its physical frame; a frame mapped
#                       by both is drawn once, with two arrows into it
#   draw_tree JSON SVG [PID NOTE]
#                       the process tree, from a list of {pid, ppid,
#                       kthread, comm}: PID 0 -> 1 -> every user process,
#                       PID 2 (kthreadd) with its kernel threads folded into
#                       one box; PID and its descendants in green, NOTE
#                       saying what they are
#   draw_segments JSON SVG
#                       where a program file's segments land in a live
#                       process: the file's byte ranges on the left, the
#                       process's virtual address ranges on the right, an
#                       arrow per segment, the bss marked. JSON: {title,
#                       file, exe, pid, pie, base, page, file_size,
#                       segments: [{offset, vaddr, filesz, memsz, flags}]
#                       (as in the file's header), maps: [{start, end,
#                       perms, offset, inode, path}] (/proc/PID/maps)}
#
# Text from the live system (a command name, a path) is escaped for dot:
# control characters become '?', & < > become entities, backslash and '"'
# are escaped, so that any comm gives a well-formed SVG.
# shellcheck shell=bash disable=SC2016 # $ in jq programs is jq's

# jq helpers: hex without and with 0x, text for a dot "string" (q) and for
# an HTML-like <label> (h), rounding down to a page.
pic_defs='
def hex: if . < 16 then "0123456789abcdef"[.:. + 1]
	else (. / 16 | floor | hex) + (. - (. / 16 | floor) * 16 | hex) end;
def hx: "0x" + hex;
def ents: gsub("[[:cntrl:]]"; "?") | gsub("&"; "&amp;") | gsub("<"; "&lt;") |
	gsub(">"; "&gt;");
def q: ents | gsub("\\\\"; "\\\\") | gsub("\""; "\\\"");
def h: ents | gsub("\""; "&quot;");
def down($p): (. / $p | floor) * $p;
'

# pic_dot SVG JQ-ARGS...: run jq -r JQ-ARGS (a program printing a dot
# graph) into SVG's .dot and render it into SVG.
pic_dot() {
	local svg=$1 gv=${1%.svg}.dot
	shift
	rm -f "$svg"
	jq -r "$@" >"$gv" && [ -s "$gv" ] && dot -Tsvg "$gv" >"$svg" && return 0
	rm -f "$svg"
	return 1
}

draw_cow() {
	pic_dot "$2" --argjson page "${3:-4096}" "$pic_defs"'
	. as $d |
	def va($i): $d.addr + $i * $page;
	# one process'"'"'s pages: the port cell (RO/RW) faces the frames
	def slots($k; $who; $pid; $st):
		($who == "child") as $c |
		"\($k)_\($who) [shape=plain, label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"5\">" +
		"<tr><td colspan=\"3\" bgcolor=\"#e8e8e8\"><b>\($who), PID \($pid)</b></td></tr>" +
		([range(0; $d.pages) as $i |
			$st[$who + "_writable"][$i] as $w |
			(if $w then " bgcolor=\"#f9cb9c\"" else "" end) as $bg |
			["<td port=\"p\($i)\"\($bg)><b>\(if $w then "RW" else "RO" end)</b></td>",
			 "<td\($bg)>\(va($i) | hx)</td>", "<td\($bg)>page \($i)</td>"] |
			if $c then . else reverse end |
			"<tr>" + add + "</tr>"] | add) +
		"</table>>];";
	# the frames, each once, coloured by who maps it
	def frames($k; $st):
		([$st.parent[], $st.child[]] | unique)[] as $f |
		([$st.parent[] | select(. == $f)] | length > 0) as $inp |
		([$st.child[] | select(. == $f)] | length > 0) as $inc |
		(if $inp and $inc then ["#cfe2f3", "shared by both"]
		 elif ([$d.before.parent[], $d.before.child[]] | index([$f])) == null
		 then ["#f9cb9c", "new: the copy made\\nat the write fault"]
		 elif $inp then ["#fff2cc", "now the parent only"]
		 else ["#fff2cc", "now the child only"] end) as $c |
		"\($k)_f\($f) [shape=box, style=\"rounded,filled\", fillcolor=\"\($c[0])\", label=\"frame \($f | hx)\\n\($c[1])\"];";
	def edges($k; $st):
		(range(0; $d.pages) as $i | $st.parent[$i] as $f |
			"\($k)_parent:p\($i):e -> \($k)_f\($f);"),
		(range(0; $d.pages) as $i | $st.child[$i] as $f |
			(if $st.parent | index([$f]) then "" else ", color=\"#e69138\", penwidth=2" end) as $a |
			"\($k)_f\($f) -> \($k)_child:p\($i):w [dir=back\($a)];");
	def panel($k; $title; $st):
		"subgraph cluster_\($k) { label=\"\($title)\"; labeljust=l; fontsize=14; style=rounded; color=\"#999999\";",
		slots($k; "parent"; $d.parent_pid; $st), slots($k; "child"; $d.child_pid; $st),
		frames($k; $st), edges($k; $st), "}";
	"digraph cow {",
	"graph [rankdir=LR, fontname=\"sans\", fontsize=16, labelloc=t, nodesep=0.2, ranksep=0.8, label=\"" +
		"Copy-on-write: what fork() shares and what a write copies\\n" +
		"parent PID \(.parent_pid) and child PID \(.child_pid), \(.pages) pages of one private mapping (pages of \($page / 1024) KiB)\\n" +
		"left and right: each process'"'"'s pages (virtual address in hex; RO read-only, RW writable in its page table)\\n" +
		"middle: the physical frames holding them (physical address in hex); a frame used by both is drawn once, with two arrows\\n" +
		"blue: shared frame; orange: the new frame the write fault gave the writer\"];",
	"node [fontname=\"sans\", fontsize=12]; edge [arrowsize=0.8];",
	# dot stacks the panels bottom up: the second first
	panel("a"; "2. after the child writes page \(.written_page)"; .after),
	panel("b"; "1. after fork()"; .before),
	"}"' "$1"
}

draw_tree() {
	pic_dot "$2" --arg hl "${3:-}" --arg note "${4:-}" "$pic_defs"'
	INDEX(.pid) as $m |
	($hl | if . == "" then [] else [tonumber] end) as $hl |
	# green: the highlighted PID and its descendants
	[.[] | select([.pid | recurse($m[tostring].ppid // 0; . > 0)] |
		any(. as $a | $hl | index([$a]) != null)) | .pid] as $green |
	[.[] | select(.kthread and .pid != 2)] as $kt |
	($kt | map(.comm // "?" | sub("[/:].*$"; "") | sub("_[0-9]+$"; "")) |
		group_by(.) | map({n: .[0], c: length}) | sort_by(-.c, .n)) as $g |
	($g[:9] | map("\(.n | q)" + (if .c > 1 then " ×\(.c)" else "" end))) as $names |
	def node: "p\(.pid) [label=\"PID \(.pid)\\n\(.comm // "?" | q)\"" +
		(.pid as $x | if $green | index([$x]) then ", fillcolor=\"#d9ead3\"" else "" end) + "];";
	"digraph tree {",
	"graph [rankdir=LR, fontname=\"sans\", fontsize=16, labelloc=t, nodesep=0.15, ranksep=0.5, label=\"" +
		"The process tree: who forked whom (an arrow goes from parent to child), PID and command name (comm)\\n" +
		"PID 0 is the kernel itself: it starts PID 1 (init, ancestor of the user processes) and PID 2 (kthreadd)\\n" +
		"the \($kt | length) kernel threads started by kthreadd are folded into one box" +
		(if ($hl | length) > 0 then "; green: \($note | q)" else "" end) + "\"];",
	"node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"sans\", fontsize=11];",
	"p0 [label=\"PID 0\\nthe kernel\", fillcolor=\"#dddddd\"];",
	(.[] | select(.kthread | not) | node),
	(.[] | select(.pid == 2) | node),
	(.[] | select((.kthread | not) or .pid == 2) |
		if .ppid == 0 or $m[.ppid | tostring] then "p\(.ppid) -> p\(.pid);"
		else "p0 -> p\(.pid) [style=dashed, label=\"parent \(.ppid) gone\"];" end),
	if ($kt | length) > 0 then
		"kthreads [shape=note, fillcolor=\"#eeeeee\", label=\"\($kt | length) kernel threads:\\n" +
		([range(0; $names | length; 3) as $i | $names[$i:$i + 3] | join(", ")] | join(",\\n")) +
		(if ($g | length) > 9 then ",\\nand \(($g | length) - 9) other names" else "" end) + "\"];",
		"p2 -> kthreads;"
	else empty end,
	"}"' "$1"
}

draw_segments() {
	pic_dot "$2" "$pic_defs"'
	. as $d | .page as $p | .base as $b |
	def fl: (if test("R") then "R" else "-" end) + (if test("W") then "W" else "-" end) +
		(if test("[EX]") then "X" else "-" end);
	def fill: if test("[EX]") then "#f4cccc" elif test("W") then "#d9ead3" else "#cfe2f3" end;
	def pen: if test("[EX]") then "#cc0000" elif test("W") then "#38761d" else "#3d85c6" end;
	def small: "<font point-size=\"10\" color=\"#666666\">\(.)</font>";
	def bytes: "\(.) byte" + (if . == 1 then "" else "s" end);
	def gap($a; $z; $what): "<tr><td>\("\($a | hx) - \($z | hx): \($what) (\($z - $a | bytes))" | small)</td></tr>";
	# /proc/PID/maps lines over [$a, $z), as maps prints them
	def maps($a; $z): [$d.maps[] | select(.start < $z and .end > $a) |
		"\(.start | hex)-\(.end | hex) \(.perms) \(.offset | hex | "0" * (8 - length) + .)"];
	[.segments | to_entries[] | .value + {i: .key}] as $segs |
	# the file: segments with file bytes in offset order, the gaps between
	([$segs[] | select(.filesz > 0)] | sort_by(.offset) |
		reduce .[] as $s ({pos: 0, rows: []};
			(if $s.offset > .pos then .rows += [gap(.pos; $s.offset; "in no segment")] else . end) |
			.rows += ["<tr><td port=\"f\($s.i)\" bgcolor=\"\($s.flags | fill)\" align=\"left\" balign=\"left\">" +
				"offset \($s.offset | hx) - \($s.offset + $s.filesz | hx)<br/>" +
				"\($s.filesz) bytes (FileSiz)</td></tr>"] |
			.pos = ([.pos, $s.offset + $s.filesz] | max)) |
		if $d.file_size > .pos then .rows += [gap(.pos; $d.file_size; "in no segment")] else . end |
		.rows | add) as $frows |
	# the memory: each segment at base + vaddr, its bss after it
	($segs | sort_by(.vaddr) |
		reduce .[] as $s ({pos: null, rows: []};
			($b + $s.vaddr) as $a | ($a + $s.filesz) as $e | ($a + $s.memsz) as $z |
			(if .pos != null and $a > .pos then .rows += [gap(.pos; $a; "between segments")] else . end) |
			(maps($a | down($p); $z) | map("maps: " + . | small) | join("<br/>")) as $ml |
			(if $s.filesz > 0 then .rows += ["<tr><td port=\"m\($s.i)\" bgcolor=\"\($s.flags | fill)\" align=\"left\" balign=\"left\">" +
				"<b>\($a | hx) - \($e | hx)  \($s.flags | fl)</b><br/>" +
				"segment \($s.i): VirtAddr \($s.vaddr | hx), \($s.filesz) bytes from the file<br/>" +
				$ml + "</td></tr>"] else . end) |
			(if $s.memsz > $s.filesz then .rows += ["<tr><td bgcolor=\"#eeeeee\" align=\"left\" balign=\"left\">" +
				"<b>\($e | hx) - \($z | hx)  \($s.flags | fl)</b><br/>" +
				"<i>segment \($s.i) bss: \($s.memsz - $s.filesz) bytes zero-filled, not from the file</i>" +
				(if $s.filesz > 0 then "" else "<br/>" + $ml end) + "</td></tr>"] else . end) |
			.pos = $z) | .rows | add) as $mrows |
	"digraph segments {",
	"graph [rankdir=LR, fontname=\"sans\", fontsize=16, labelloc=t, ranksep=2.2, label=\"" +
		"\(.title | q): where each segment of the file lands in memory (process PID \(.pid))\\n" +
		"left: the file, byte offsets in hex; right: the process'"'"'s virtual addresses in hex" +
		(if .pie then " = load base \(.base | hx) (random for a PIE) + VirtAddr" else " (fixed in the file: no load base)" end) + "\\n" +
		"one arrow per loadable segment, with its permissions (R read, W write, X execute); sizes in bytes; pages of \($p / 1024) KiB\\n" +
		"grey: bss, memory beyond the file bytes (MemSiz > FileSiz): zero-filled, not from the file\"];",
	"node [shape=plain, fontname=\"sans\", fontsize=12]; edge [fontname=\"sans\", fontsize=12];",
	"file [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"6\">" +
		"<tr><td bgcolor=\"#e8e8e8\"><b>the file</b><br/>\(.file | h)<br/>\(.file_size) bytes</td></tr>" +
		$frows + "</table>>];",
	"mem [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"6\">" +
		"<tr><td bgcolor=\"#e8e8e8\"><b>process \(.pid): virtual memory</b><br/>" +
		(if .pie then "load base \(.base | hx) + VirtAddr" else "VirtAddr as in the file" end) +
		"<br/>(lowest address at the top)</td></tr>" + $mrows + "</table>>];",
	($segs[] | select(.filesz > 0) |
		"file:f\(.i):e -> mem:m\(.i):w [label=\" \(.flags | fl) \", color=\"\(.flags | pen)\", fontcolor=\"\(.flags | pen)\", penwidth=2];"),
	"}"' "$1"
}
