/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svg.h - the one SVG writer of the tools. Markup comes from the code;
 * every piece of text (process names, titles, labels) goes through
 * svg_escape(), so a process named a<b&c, or one whose name holds control
 * characters or a UTF-8 sequence cut short, still gives well-formed XML.
 */
#ifndef USERSPACE_SVG_H
#define USERSPACE_SVG_H

#include <stdio.h>

struct svg;

/*
 * Create @path and write the root element: @width x @height, then @attrs
 * (markup such as font-family="monospace", may be NULL). NULL on error,
 * with errno set.
 */
struct svg *svg_open(const char *path, double width, double height,
		     const char *attrs);

/* The same on an open stream (stdout), which svg_close() flushes only. */
struct svg *svg_open_stream(FILE *f, double width, double height,
			    const char *attrs);

/* Write the closing tag and close the file; -1 (errno set) on error. */
int svg_close(struct svg *s);

/* A rectangle filled with @fill (a colour, markup); no title. */
void svg_rect(struct svg *s, double x, double y, double w, double h,
	      const char *fill);

/* The same with a tooltip: @title is text, escaped. */
void svg_rect_title(struct svg *s, double x, double y, double w, double h,
		    const char *fill, const char *title);

/*
 * A text element at (@x, @y) with extra attributes @attrs (markup, may be
 * NULL) and the text formatted from @fmt, escaped as a whole.
 */
void svg_text(struct svg *s, double x, double y, const char *attrs,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Shapes whose look comes from @attrs (markup: fill, stroke, ...; may be
 * NULL): a rectangle, a line, a closed polygon through @n points
 * (@xy: x0 y0 x1 y1 ...) and a circle.
 */
void svg_box(struct svg *s, double x, double y, double w, double h,
	     const char *attrs);
void svg_line(struct svg *s, double x1, double y1, double x2, double y2,
	      const char *attrs);
void svg_polygon(struct svg *s, const double *xy, int n, const char *attrs);
void svg_circle(struct svg *s, double cx, double cy, double r,
		const char *attrs);

/*
 * The picture's title (<title>, text, escaped): what a browser shows as
 * the tooltip and a screen reader reads. Write it first.
 */
void svg_title(struct svg *s, const char *title);

/*
 * An arrowhead marker named @id in colour @colour (markup), for lines
 * drawn with marker-end="url(#@id)".
 */
void svg_arrow_marker(struct svg *s, const char *id, const char *colour);

/* <g @attrs> ... </g> around the elements written in between. */
void svg_group(struct svg *s, const char *attrs);
void svg_group_end(struct svg *s);

/*
 * Write @text to @f as XML character data or attribute value: & < > " '
 * as entities; control characters (not allowed in XML 1.0, even as
 * references) and bytes that are not valid UTF-8 as U+FFFD.
 */
void svg_escape(FILE *f, const char *text);

#endif /* USERSPACE_SVG_H */
