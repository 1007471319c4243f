// SPDX-License-Identifier: GPL-2.0
/*
 * evring.c - sched_probe's own copy of the shared event ring
 * (modules/common/evring.c): built here so that KBUILD_MODNAME names this
 * module. It carries /proc/sched_probe/events (ring.c).
 */
#include "../common/evring.c"
