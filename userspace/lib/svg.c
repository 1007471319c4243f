// SPDX-License-Identifier: GPL-2.0
/*
 * svg.c - the one SVG writer of the tools (see svg.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

struct svg {
	FILE *f;
	int own; /* svg_open()'s file: closed by svg_close() */
};

/* U+FFFD REPLACEMENT CHARACTER, in UTF-8. */
#define REPLACEMENT "\xef\xbf\xbd"

/*
 * A coordinate: two decimals at most, without trailing zeros (60, 12.5,
 * 3.14), so whole numbers read as they did when each tool printed its own.
 */
static void put_num(FILE *f, double v)
{
	char buf[64];
	char *end;

	snprintf(buf, sizeof(buf), "%.2f", v);
	end = buf + strlen(buf);
	while (end[-1] == '0')
		*--end = '\0';
	if (end[-1] == '.')
		end[-1] = '\0';
	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");
	fputs(buf, f);
}

/* One numeric attribute, after a space: ` name="v"`. */
static void put_attr_num(FILE *f, const char *name, double v)
{
	fprintf(f, " %s=\"", name);
	put_num(f, v);
	fputc('"', f);
}

/* Optional markup attributes, after a space. */
static void put_attrs(FILE *f, const char *attrs)
{
	if (attrs)
		fprintf(f, " %s", attrs);
}

/* Length of the valid UTF-8 sequence at @p, or 0 if it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n, i;
	unsigned int cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, U+FFFE and U+FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp == 0xfffe ||
	    cp == 0xffff)
		return 0;
	return n;
}

void svg_escape(FILE *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n;

	while (*p) {
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		case '\t':
		case '\n':
		case '\r':
			fputc(*p, f);
			break;
		default:
			if (*p < 0x20) {
				fputs(REPLACEMENT, f);
				break;
			}
			n = utf8_len(p);
			if (!n) {
				fputs(REPLACEMENT, f);
				break;
			}
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		p++;
	}
}

static void put_root(struct svg *s, double width, double height,
		     const char *attrs)
{
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\"", s->f);
	put_attr_num(s->f, "width", width);
	put_attr_num(s->f, "height", height);
	put_attrs(s->f, attrs);
	fputs(">\n", s->f);
}

struct svg *svg_open(const char *path, double width, double height,
		     const char *attrs)
{
	struct svg *s = malloc(sizeof(*s));

	if (!s)
		return NULL;
	s->f = fopen(path, "w");
	if (!s->f) {
		int e = errno;

		free(s);
		errno = e;
		return NULL;
	}
	s->own = 1;
	put_root(s, width, height, attrs);
	return s;
}

struct svg *svg_open_stream(FILE *f, double width, double height,
			    const char *attrs)
{
	struct svg *s = malloc(sizeof(*s));

	if (!s)
		return NULL;
	s->f = f;
	s->own = 0;
	put_root(s, width, height, attrs);
	return s;
}

int svg_close(struct svg *s)
{
	int err;

	fputs("</svg>\n", s->f);
	err = fflush(s->f) || ferror(s->f);
	if (s->own && fclose(s->f))
		err = 1;
	free(s);
	if (err && !errno)
		errno = EIO;
	return err ? -1 : 0;
}

/* `<rect x=.. y=.. width=.. height=..`, left open for more attributes. */
static void rect_open(FILE *f, double x, double y, double w, double h)
{
	fputs("<rect", f);
	put_attr_num(f, "x", x);
	put_attr_num(f, "y", y);
	put_attr_num(f, "width", w);
	put_attr_num(f, "height", h);
}

static void rect_start(struct svg *s, double x, double y, double w, double h,
		       const char *fill)
{
	rect_open(s->f, x, y, w, h);
	fputs(" fill=\"", s->f);
	svg_escape(s->f, fill);
	fputc('"', s->f);
}

void svg_rect(struct svg *s, double x, double y, double w, double h,
	      const char *fill)
{
	rect_start(s, x, y, w, h, fill);
	fputs("/>\n", s->f);
}

void svg_rect_title(struct svg *s, double x, double y, double w, double h,
		    const char *fill, const char *title)
{
	rect_start(s, x, y, w, h, fill);
	fputs("><title>", s->f);
	svg_escape(s->f, title);
	fputs("</title></rect>\n", s->f);
}

void svg_text(struct svg *s, double x, double y, const char *attrs,
	      const char *fmt, ...)
{
	va_list ap;
	char *text;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	fputs("<text", s->f);
	put_attr_num(s->f, "x", x);
	put_attr_num(s->f, "y", y);
	put_attrs(s->f, attrs);
	fputc('>', s->f);
	if (n >= 0) {
		svg_escape(s->f, text);
		free(text);
	}
	fputs("</text>\n", s->f);
}

void svg_group(struct svg *s, const char *attrs)
{
	fprintf(s->f, "<g %s>\n", attrs);
}

void svg_group_end(struct svg *s)
{
	fputs("</g>\n", s->f);
}

void svg_box(struct svg *s, double x, double y, double w, double h,
	     const char *attrs)
{
	rect_open(s->f, x, y, w, h);
	put_attrs(s->f, attrs);
	fputs("/>\n", s->f);
}

void svg_line(struct svg *s, double x1, double y1, double x2, double y2,
	      const char *attrs)
{
	fputs("<line", s->f);
	put_attr_num(s->f, "x1", x1);
	put_attr_num(s->f, "y1", y1);
	put_attr_num(s->f, "x2", x2);
	put_attr_num(s->f, "y2", y2);
	put_attrs(s->f, attrs);
	fputs("/>\n", s->f);
}

void svg_polygon(struct svg *s, const double *xy, int n, const char *attrs)
{
	int i;

	fputs("<polygon points=\"", s->f);
	for (i = 0; i < 2 * n; i++) {
		if (i)
			fputc(i % 2 ? ',' : ' ', s->f);
		put_num(s->f, xy[i]);
	}
	fputc('"', s->f);
	put_attrs(s->f, attrs);
	fputs("/>\n", s->f);
}

void svg_circle(struct svg *s, double cx, double cy, double r,
		const char *attrs)
{
	fputs("<circle", s->f);
	put_attr_num(s->f, "cx", cx);
	put_attr_num(s->f, "cy", cy);
	put_attr_num(s->f, "r", r);
	put_attrs(s->f, attrs);
	fputs("/>\n", s->f);
}

void svg_title(struct svg *s, const char *title)
{
	fputs("<title>", s->f);
	svg_escape(s->f, title);
	fputs("</title>\n", s->f);
}

void svg_arrow_marker(struct svg *s, const char *id, const char *colour)
{
	fprintf(s->f,
		"<defs><marker id=\"%s\" viewBox=\"0 0 10 10\" refX=\"9\" "
		"refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
		"orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
		"fill=\"%s\"/></marker></defs>\n",
		id, colour);
}
