/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hist.h - print log2 histograms in the style of bcc's runqlat/cpudist:
 *
 *      usecs               : count    distribution
 *          0 -> 1          : 3        |**                                      |
 *          2 -> 3          : 56       |****************************************|
 *
 * Past 2^33 - 1 the value columns widen to 20 digits and the bar narrows to
 * 20 characters, as in bcc's print_log2_hist().
 */
#ifndef USERSPACE_HIST_H
#define USERSPACE_HIST_H

#include <stdint.h>
#include <stdio.h>

#include "lkm_hist.h"

/*
 * Print @slots (LKM_HIST_SLOTS counters indexed by lkm_hist_slot()) from the
 * first to the last non-empty slot; @unit names the value column.
 */
void hist_print_log2(FILE *out, const uint64_t *slots, const char *unit);

/* Bar of @width characters, '*' in proportion of @count to @max. */
void hist_bar(char *buf, size_t width, uint64_t count, uint64_t max);

#endif /* USERSPACE_HIST_H */
