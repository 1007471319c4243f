#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# index.sh DIR - write DIR/index.html for a finished demo run: one section per
# chapter with its text output, the pictures it drew (SVG, shown inline so a
# teacher can project them) and the claims it checked.

set -euo pipefail
dir=$1
esc() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }
# The chapters' outputs by name without .txt, so that a chapter's second
# part (05-paging-la57) comes after its first and its pictures go first.
mapfile -t names < <(cd "$dir" && ls [0-9][0-9]-*.txt 2>/dev/null | sed 's/\.txt$//' | LC_ALL=C sort)
{
	echo '<!DOCTYPE html><html><head><meta charset="utf-8">'
	echo '<title>lkm-suite demo</title>'
	echo '<style>body{font-family:sans-serif;max-width:70em;margin:auto}'
	echo 'pre{background:#f4f4f4;padding:1em;overflow-x:auto}'
	echo 'img{max-width:100%;border:1px solid #ccc}.bad{color:#b00}</style>'
	echo '</head><body><h1>What happens when you run a program</h1>'
	[ -f "$dir/kernel.txt" ] && echo "<p>Live kernel: $(esc <"$dir/kernel.txt")</p>"
	echo '<ul>'
	for n in "${names[@]}"; do
		t=$dir/$n.txt
		echo "<li><a href=\"#$n\">$(sed -n 's/^=== \(.*\) ===$/\1/p' "$t" | head -n 1 | esc)</a></li>"
	done
	echo '</ul>'
	seen=
	for n in "${names[@]}"; do
		t=$dir/$n.txt
		c=$((10#${n%%-*}))
		echo "<h2 id=\"$n\">$(sed -n 's/^=== \(.*\) ===$/\1/p' "$t" | head -n 1 | esc)</h2>"
		case " $seen " in *" $c "*) first= ;; *) first=1 ;; esac
		seen="$seen $c"
		if [ -n "$first" ] && [ -f "$dir/claims.txt" ]; then
			echo '<ul>'
			grep -E "^(not )?ok chapter $c:" "$dir/claims.txt" | while read -r line; do
				case $line in
				not*) echo "<li class=bad>NOT SHOWN: $(echo "${line#*: }" | esc)</li>" ;;
				*) echo "<li>shown: $(echo "${line#*: }" | esc)</li>" ;;
				esac
			done
			echo '</ul>'
		fi
		# The pictures of a chapter's la57 part (chN-la57-*) in that
		# part, the others in the first.
		if [ -f "$dir/pictures.txt" ]; then
			while IFS=$'\t' read -r f title; do
				case $n:$f in
				*-la57:ch"$c"-la57-*) ;;
				*-la57:*) continue ;;
				*:ch"$c"-la57-*) continue ;;
				*:ch"$c"-*) [ -n "$first" ] || continue ;;
				*) continue ;;
				esac
				echo "<figure><img src=\"$f\" alt=\"$(echo "$title" | esc)\">"
				echo "<figcaption>$(echo "$title" | esc)</figcaption></figure>"
			done <"$dir/pictures.txt"
		fi
		echo "<details><summary>Full output (<a href=\"$n.txt\">$n.txt</a>)</summary><pre>"
		esc <"$t"
		echo '</pre></details>'
	done
	echo '</body></html>'
} >"$dir/index.html"
