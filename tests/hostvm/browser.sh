#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# browser.sh DIR - the pictures of a demo run, checked in a real browser:
# DIR/index.html (build/demo-<kernel>/ after tests/hostvm/demo.sh, or
# build/demo/ after make demo) is loaded in headless Chromium, which reports
# for every <img> whether it loaded (naturalWidth > 0: no broken link, a
# picture the browser could draw) and its size on the page. Each picture
# registered by a chapter is a test: present, well-formed (xmllint), shown
# with a non-zero size. Every local link of the page exists, and one PNG
# screenshot per chapter is saved next to index.html (screenshot-<chapter>.png:
# what the projector shows, made from that chapter's part of the page).
# KTAP on stdout. Needs Debian's chromium (scripts/setup.sh check).

. "$(dirname "$0")/../../scripts/lib/common.sh"
. "$LKM_ROOT/tests/lib/ktap.sh"

dir=$(realpath "${1:?usage: browser.sh DIR, the folder of a demo run}")
W=$(mktemp -d /tmp/browser.XXXXXX)
trap 'rm -rf "$W" "$dir"/.browser-*.html' EXIT
WIDTH=1280 # a projector's width, px

# chrome ARGS...: headless Chromium as root (no sandbox there), its own
# profile, no GPU; quiet.
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$W/profile" --hide-scrollbars "$@" 2>/dev/null
}

# The probe added to a copy of the page: once everything has loaded, one
# line per <img> (src, complete, natural and rendered size) and per chapter
# (id, height of its part of the page), in <pre id="browser-check">.
probe() {
	cat <<'EOF'
<script>
window.addEventListener('load', function () {
	var out = [], h = document.querySelectorAll('h2');
	document.querySelectorAll('img').forEach(function (i) {
		var r = i.getBoundingClientRect();
		out.push(['img', i.getAttribute('src'), i.complete ? 1 : 0,
			i.naturalWidth, i.naturalHeight, Math.round(r.width),
			Math.round(r.height)].join(' '));
	});
	h.forEach(function (e, k) {
		var end = k + 1 < h.length ? h[k + 1].offsetTop :
			document.body.scrollHeight;
		out.push('section ' + e.id + ' ' + (end - e.offsetTop));
	});
	var p = document.createElement('pre');
	p.id = 'browser-check';
	p.textContent = out.join('\n');
	document.body.appendChild(p);
});
</script>
EOF
}

# The page as the browser saw it, loaded once: $W/seen (img and section lines).
load_index() {
	[ -e "$W/seen" ] && return 0
	{
		grep -v '^</body></html>$' "$dir/index.html"
		probe
		echo '</body></html>'
	} >"$dir/.browser-index.html"
	chrome --window-size=$WIDTH,900 --virtual-time-budget=10000 \
		--dump-dom "file://$dir/.browser-index.html" |
		sed -n '/<pre id="browser-check">/,/<\/pre>/p' |
		sed -e 's/.*<pre id="browser-check">//' -e 's|</pre>.*||' >"$W/seen"
}

t_chromium() {
	local v
	if v=$(chrome --version); then
		ktap_ok "headless Chromium runs ($v)"
	else
		ktap_fail "headless Chromium runs" "no chromium (scripts/setup.sh check installs it)"
	fi
}

t_index() {
	load_index
	local n
	n=$(grep -c '^section ' "$W/seen")
	if [ "$n" -gt 0 ]; then
		ktap_ok "index.html loads in the browser: $n chapters, $(grep -c '^img ' "$W/seen") pictures"
	else
		ktap_fail "index.html loads in the browser" "no chapter seen in $dir/index.html"
	fi
}

# t_picture FILE: a picture a chapter registered is on disk, well-formed,
# and the browser loaded and drew it with a non-zero size.
t_picture() {
	local f=$1 line err
	load_index
	line=$(awk -v f="$f" '$1 == "img" && $2 == f' "$W/seen" | head -n 1)
	read -r _ _ complete nw nh rw rh <<<"$line"
	if [ ! -s "$dir/$f" ]; then
		ktap_fail "picture $f" "missing or empty"
	elif ! err=$(xmllint --noout "$dir/$f" 2>&1); then
		ktap_fail "picture $f" "not well-formed: $err"
	elif [ -z "$line" ]; then
		ktap_fail "picture $f" "no <img> shows it in index.html"
	elif [ "$complete" != 1 ] || [ "${nw:-0}" -eq 0 ] || [ "${nh:-0}" -eq 0 ]; then
		ktap_fail "picture $f" "the browser could not load it (broken link or bad SVG): $line"
	elif [ "${rw:-0}" -eq 0 ] || [ "${rh:-0}" -eq 0 ]; then
		ktap_fail "picture $f" "drawn with no size: $line"
	else
		ktap_ok "picture $f loads: ${nw}x$nh, shown ${rw}x$rh"
	fi
}

t_no_broken_img() {
	load_index
	local bad
	bad=$(awk '$1 == "img" && ($3 != 1 || $4 == 0)' "$W/seen")
	ktap_expect "no <img> of index.html is broken ($(grep -c '^img ' "$W/seen") images)" "" "$bad"
}

t_links() {
	local l bad=
	while read -r l; do
		case $l in '#'* | http*:* | '') continue ;; esac
		[ -e "$dir/${l%%#*}" ] || bad="$bad $l"
	done < <(grep -oE '(href|src)="[^"]*"' "$dir/index.html" | sed -E 's/^[a-z]+="(.*)"$/\1/')
	ktap_expect "every local link and picture of index.html exists" "" "$bad"
}

# t_shot CHAPTER: its part of the page (title, claims, pictures) as a PNG.
t_shot() {
	local c=$1 h png=$dir/screenshot-$1.png
	load_index
	h=$(awk -v c="$c" '$1 == "section" && $2 == c {print $3}' "$W/seen")
	h=$((${h:-600} + 160))
	[ $h -le 16000 ] || h=16000
	{
		sed -n '1,/<\/head>/p' "$dir/index.html"
		awk -v c="$c" '/^<h2 / {on = index($0, "id=\"" c "\"") > 0} on' "$dir/index.html"
		echo '</body></html>'
	} >"$dir/.browser-$c.html"
	rm -f "$png"
	chrome --window-size=$WIDTH,$h --virtual-time-budget=10000 \
		--screenshot="$png" "file://$dir/.browser-$c.html" >/dev/null
	if [ -s "$png" ] && [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
		ktap_ok "screenshot of $c: ${png#"$LKM_ROOT"/} (${WIDTH}x$h, $(($(stat -c %s "$png") / 1024)) KiB)"
	else
		ktap_fail "screenshot of $c" "no PNG written to $png"
	fi
}

[ -s "$dir/index.html" ] || {
	ktap_begin browser 1
	ktap_fail "index.html of a demo run" "no $dir/index.html (run tests/hostvm/demo.sh KVER or make demo first)"
	ktap_end
	exit
}
tests=(t_chromium t_index t_no_broken_img t_links)
while read -r f; do
	tests+=("t_picture $f")
done < <(cut -f1 "$dir/pictures.txt" 2>/dev/null | sort -u)
for t in "$dir"/[0-9][0-9]-*.txt; do
	[ -e "$t" ] || continue
	t=${t##*/}
	tests+=("t_shot ${t%.txt}")
done
ktap_run browser "${tests[@]}"
