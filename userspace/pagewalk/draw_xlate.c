// SPDX-License-Identifier: GPL-2.0
/*
 * draw_xlate.c - "pagewalk --svg PID ADDR": the walk of one address as a
 * picture to project. The virtual address is drawn as its bit fields, one
 * index per level the module reports (9|9|9|9|12 with 4 levels and 4 KiB
 * pages, 9|9|9|9|9|12 with 5; the index width is the page shift less 3,
 * for 8-byte entries, so other page sizes draw right too) and the bits
 * above them that only copy the top one. Under each field its table (with
 * its physical address) and an arrow from the field into the slot it
 * selects; each entry points to the next table; the last one to the page
 * frame, into which the offset bits point. A huge leaf (2 MiB, 1 GiB) ends
 * the walk early: the fields below it merge into the offset.
 */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "pagewalk.h"
#include "pwtool.h"
#include "svg.h"

#define BIT 17.0 /* px per address bit */
#define LEFT 30.0
#define FIELD_Y 110.0
#define FIELD_H 50.0
#define TABLE_Y 240.0
#define TABLE_H 290.0
#define MAX_FIELDS 7 /* the copied top bits, 5 indexes, the offset */

/* One colour per level, top first; the offset and the copied bits grey. */
static const char *const level_colour[] = { "#1f77b4", "#9467bd", "#ff7f0e",
					    "#2ca02c", "#d62728" };
#define OFFSET_COLOUR "#7f7f7f"

struct field {
	int hi, lo; /* bits of the address */
	const char *name;
	const char *colour;
	int step; /* the walk's step it indexes, -1 if none */
	int marker; /* its arrowhead: a<level>, a9 for grey */
};

static double bit_x(int bit)
{
	return LEFT + (63 - bit) * BIT;
}

static int log2u(uint64_t v)
{
	int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/*
 * The fields of @x: the copied top bits, one index per level down to the
 * leaf, the offset (all bits under the leaf's level). Returns how many.
 */
static int fields_of(const struct pagewalk_xlate *x,
		     const char *const *level_names, struct field *f)
{
	int shift = log2u(sysconf(_SC_PAGESIZE)), bpl = shift - 3;
	int levels = x->levels > 5 ? 5 : x->levels, top, i, n = 0, lo;
	int leaf_shift = shift;
	static char sign[32];

	if (x->stop == PAGEWALK_STOP_PAGE && x->page_size)
		leaf_shift = log2u(x->page_size);
	top = shift + bpl * levels; /* first bit above the indexes */
	/* Above the indexes: copies of the top index bit (canonical form). */
	snprintf(sign, sizeof(sign), "copies of bit %d", top - 1);
	if (top < 64)
		f[n++] = (struct field){ 63, top, sign, OFFSET_COLOUR, -1, 9 };
	for (i = 0; i < levels; i++) {
		lo = shift + bpl * (levels - 1 - i);
		if (lo < leaf_shift)
			break; /* merged into a huge page's offset */
		f[n++] = (struct field){
			lo + bpl - 1,
			lo,
			i < (int)x->nsteps ? level_names[x->step[i].level % 5] :
					     "(not read)",
			i < (int)x->nsteps ?
				level_colour[x->step[i].level % 5] :
				OFFSET_COLOUR,
			i < (int)x->nsteps ? i : -1,
			i < (int)x->nsteps ? (int)x->step[i].level % 5 : 9
		};
	}
	f[n++] = (struct field){ leaf_shift - 1, 0,  "offset",
				 OFFSET_COLOUR,	 -1, 9 };
	return n;
}

/* @what and physical address @pa, or "(hidden: not root)". */
static void addr_text(char *buf, size_t len, const char *what, uint64_t pa,
		      int redacted)
{
	if (redacted)
		snprintf(buf, len, "%s(hidden: not root)", what);
	else
		snprintf(buf, len, "%s0x%" PRIx64, what, pa);
}

/* Bits @hi..@lo of @v as binary digits. */
static void binary(char *buf, uint64_t v, int hi, int lo)
{
	int b;

	for (b = hi; b >= lo; b--)
		*buf++ = (v >> b) & 1 ? '1' : '0';
	*buf = '\0';
}

/* The address as its fields, each with its bits, binary and value. */
static void draw_fields(struct svg *s, const struct pagewalk_xlate *x,
			const struct field *f, int n)
{
	char bits[65], attrs[96];
	int i;

	for (i = 0; i < n; i++) {
		double x0 = bit_x(f[i].hi), w = (f[i].hi - f[i].lo + 1) * BIT;
		uint64_t v = (x->addr >> f[i].lo) &
			     ((f[i].hi - f[i].lo == 63) ?
				      ~0ULL :
				      ((1ULL << (f[i].hi - f[i].lo + 1)) - 1));

		snprintf(attrs, sizeof(attrs),
			 "fill=\"%s\" fill-opacity=\"0.18\" stroke=\"%s\" "
			 "stroke-width=\"2\"",
			 f[i].colour, f[i].colour);
		svg_box(s, x0, FIELD_Y, w, FIELD_H, attrs);
		svg_text(s, x0 + w / 2, FIELD_Y - 8,
			 "text-anchor=\"middle\" font-size=\"12\"",
			 "bits %d-%d", f[i].hi, f[i].lo);
		svg_text(s, x0 + w / 2, FIELD_Y + 20,
			 w < 150 ?
				 "text-anchor=\"middle\" font-weight=\"bold\" "
				 "font-size=\"11\"" :
				 "text-anchor=\"middle\" font-weight=\"bold\"",
			 "%s%s", f[i].name, f[i].step >= 0 ? " index" : "");
		binary(bits, x->addr, f[i].hi, f[i].lo);
		if (f[i].hi - f[i].lo < 24) /* wider: the value says it */
			svg_text(s, x0 + w / 2, FIELD_Y + 40,
				 "text-anchor=\"middle\" font-family="
				 "\"monospace\" font-size=\"13\"",
				 "%s", bits);
		if (f[i].step >= 0)
			svg_text(s, x0 + w / 2, FIELD_Y + FIELD_H + 20,
				 "text-anchor=\"middle\" font-size=\"17\" "
				 "font-weight=\"bold\"",
				 "= %" PRIu64, v);
		else
			svg_text(s, x0 + w / 2, FIELD_Y + FIELD_H + 20,
				 "text-anchor=\"middle\" font-size=\"15\"",
				 "= 0x%" PRIx64, v);
	}
}

/* The y of slot @index of @nslots in a table or frame drawn at TABLE_Y. */
static double slot_y(uint64_t index, uint64_t nslots)
{
	return TABLE_Y + 34 + (double)index / nslots * (TABLE_H - 50);
}

/*
 * A table (or the page frame) under field @f: its box, its name, the
 * selected slot in the field's colour, the arrow from the field into it,
 * and under it the physical address and what the slot holds.
 */
static void draw_table(struct svg *s, const struct field *f, const char *name,
		       uint64_t index, uint64_t nslots, const char *where,
		       const char *slot, const char *holds)
{
	double x0 = bit_x(f->hi) + 10, w = (f->hi - f->lo + 1) * BIT - 20;
	double y = slot_y(index, nslots);
	char attrs[96];

	svg_box(s, x0, TABLE_Y, w, TABLE_H,
		"fill=\"#fafafa\" stroke=\"#333\" stroke-width=\"1.5\"");
	svg_text(s, x0 + w / 2, TABLE_Y + TABLE_H + 20,
		 "text-anchor=\"middle\" font-weight=\"bold\"", "%s", name);
	snprintf(attrs, sizeof(attrs), "fill=\"%s\" stroke=\"#000\"",
		 f->colour);
	svg_box(s, x0, y - 7, w, 14, attrs);
	snprintf(attrs, sizeof(attrs),
		 "stroke=\"%s\" stroke-width=\"3\" marker-end=\"url(#a%d)\"",
		 f->colour, f->marker);
	svg_line(s, x0 + w / 2, FIELD_Y + FIELD_H + 28, x0 + w / 2, y - 8,
		 attrs);
	svg_text(s, x0 + w / 2, TABLE_Y + TABLE_H + 38,
		 "text-anchor=\"middle\" font-size=\"13\"", "%s", where);
	svg_text(s, x0 + w / 2, TABLE_Y + TABLE_H + 56,
		 "text-anchor=\"middle\" font-size=\"11\" "
		 "font-family=\"monospace\"",
		 "%s", slot);
	svg_text(s, x0 + w / 2, TABLE_Y + TABLE_H + 70,
		 "text-anchor=\"middle\" font-size=\"11\" "
		 "font-family=\"monospace\"",
		 "%s", holds);
}

/* An arrow from slot @y of the box ending at @x0 to the box at @x1. */
static void draw_link(struct svg *s, double x0, double y, double x1)
{
	svg_line(s, x0, y, x1 - 2, TABLE_Y + 12,
		 "stroke=\"#333\" stroke-width=\"2\" marker-end=\"url(#a8)\"");
}

int draw_xlate(FILE *out, const struct pagewalk_xlate *x,
	       const char *const *level_names, const char *stop)
{
	struct field f[MAX_FIELDS];
	int n = fields_of(x, level_names, f), i, redacted;
	uint64_t nslots = sysconf(_SC_PAGESIZE) / 8;
	char title[160], where[64], slot[32], holds[64], name[32], id[8];
	double prev_x = 0, prev_y = 0;
	struct svg *s;

	redacted = x->flags & PAGEWALK_XLATE_REDACTED;
	s = svg_open_stream(out, bit_x(-1) + LEFT, TABLE_Y + TABLE_H + 150,
			    "font-family=\"DejaVu Sans, Verdana, sans-serif\" "
			    "font-size=\"14\"");
	if (!s)
		return 1;
	snprintf(title, sizeof(title),
		 "How the MMU translates virtual address 0x%" PRIx64
		 " (%u-level paging)",
		 (uint64_t)x->addr, x->levels);
	svg_title(s, title);
	svg_rect(s, 0, 0, bit_x(-1) + LEFT, TABLE_Y + TABLE_H + 150, "#fff");
	for (i = 0; i < 5; i++) {
		snprintf(id, sizeof(id), "a%d", i);
		svg_arrow_marker(s, id, level_colour[i]);
	}
	svg_arrow_marker(s, "a8", "#333");
	svg_arrow_marker(s, "a9", OFFSET_COLOUR);
	svg_text(s, LEFT, 32, "font-size=\"21\" font-weight=\"bold\"", "%s",
		 title);
	svg_text(s, LEFT, 58, NULL,
		 "Each index picks one of the %" PRIu64
		 " entries of a table; the entry holds the physical address "
		 "of the next table, the last one the page frame.",
		 nslots);
	draw_fields(s, x, f, n);
	/* The top-level register, under the copied bits (or at the left). */
	addr_text(holds, sizeof(holds), "", x->cr3, redacted);
	svg_box(s, LEFT + 4, TABLE_Y + 40, bit_x(f[1].hi) - LEFT - 34, 76,
		"fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.5\"");
	svg_text(s, LEFT + 10, TABLE_Y + 60, "font-weight=\"bold\"", "%s",
		 PW_TOP_REG(x->addr));
	svg_text(s, LEFT + 10, TABLE_Y + 80, "font-size=\"12\"",
		 "the top table:");
	svg_text(s, LEFT + 10, TABLE_Y + 102,
		 "font-family=\"monospace\" font-size=\"13\"", "%s", holds);
	prev_x = bit_x(f[1].hi) - 30;
	prev_y = TABLE_Y + 75;
	for (i = 0; i < n; i++) {
		const struct pagewalk_step *st;

		if (f[i].step < 0)
			continue;
		st = &x->step[f[i].step];
		draw_link(s, prev_x, prev_y, bit_x(f[i].hi) + 10);
		addr_text(where, sizeof(where), "table @", st->table, redacted);
		snprintf(slot, sizeof(slot), "entry [%u] =", st->index);
		snprintf(holds, sizeof(holds), "0x%016" PRIx64,
			 (uint64_t)st->entry);
		snprintf(name, sizeof(name), "%s table", f[i].name);
		draw_table(s, &f[i], name, st->index, nslots, where, slot,
			   holds);
		prev_x = bit_x(f[i].lo - 1) - 10;
		prev_y = slot_y(st->index, nslots);
	}
	if (x->stop == PAGEWALK_STOP_PAGE) {
		uint64_t off = x->addr & (x->page_size - 1);

		snprintf(title, sizeof(title), "%s page frame",
			 x->page_size >= 1 << 30 ? "1 GiB" :
			 x->page_size >= 1 << 21 ? "2 MiB" :
						   "4 KiB");
		if (x->page_size < 1 << 21 && x->page_size != 4096)
			snprintf(title, sizeof(title),
				 "%" PRIu64 " KiB page frame",
				 (uint64_t)x->page_size >> 10);
		addr_text(where, sizeof(where), "frame @", x->phys - off,
			  redacted);
		snprintf(slot, sizeof(slot), "byte 0x%" PRIx64, off);
		snprintf(holds, sizeof(holds), "of %" PRIu64 " KiB",
			 (uint64_t)x->page_size >> 10);
		draw_link(s, prev_x, prev_y, bit_x(f[n - 1].hi) + 10);
		draw_table(s, &f[n - 1], title, off, x->page_size, where, slot,
			   holds);
		if (redacted)
			svg_text(s, LEFT, TABLE_Y + TABLE_H + 104,
				 "font-size=\"17\" font-weight=\"bold\"",
				 "physical address: hidden (run as root to "
				 "see frames)");
		else
			svg_text(s, LEFT, TABLE_Y + TABLE_H + 104,
				 "font-size=\"17\" font-weight=\"bold\"",
				 "physical address = frame 0x%" PRIx64
				 " + offset 0x%" PRIx64 " = 0x%" PRIx64,
				 (uint64_t)(x->phys - off), off,
				 (uint64_t)x->phys);
		if (x->page_size > (uint64_t)sysconf(_SC_PAGESIZE))
			svg_text(
				s, LEFT, TABLE_Y + TABLE_H + 130, NULL,
				"A huge page: the walk ended at the %s, one "
				"level early or more; the lower index bits are "
				"part of the %d-bit offset.",
				level_names[x->step[x->nsteps - 1].level % 5],
				log2u(x->page_size));
	} else {
		svg_text(s, prev_x + 20, TABLE_Y + TABLE_H / 2,
			 "font-size=\"17\" font-weight=\"bold\" "
			 "fill=\"#b00\"",
			 "walk stopped: %s", stop);
	}
	return svg_close(s) ? 1 : 0;
}
