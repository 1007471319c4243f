/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lkm_tracepoint.h - find the kernel's tracepoints by name and attach a
 * module's probes to them, for sched_probe and syscall_probe (and any
 * module of the suite that wants it).
 *
 * The tracepoints the suite uses (sched_switch, sys_enter, ...) are not
 * exported: for_each_kernel_tracepoint() (GPL) walks the kernel's own and
 * lkm_tracepoints_find() keeps the ones named in a table. Attach with
 * lkm_tracepoint_attach() (or all of a table with lkm_tracepoints_attach());
 * lkm_tracepoints_detach() removes every attached probe of a table and
 * waits until none runs (tracepoint_synchronize_unregister()), after which
 * what the probes use may be freed. Errors are logged with the including
 * file's pr_fmt.
 */
#ifndef LKM_TRACEPOINT_H
#define LKM_TRACEPOINT_H

#include <linux/errno.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

struct lkm_tracepoint {
	const char *name; /* e.g. "sched_switch" */
	void *probe; /* the module's probe, of the tracepoint's prototype */
	struct tracepoint *tp; /* found by lkm_tracepoints_find() */
	bool registered;
};

struct lkm_tracepoint_table {
	struct lkm_tracepoint *tps;
	unsigned int n;
};

static inline void lkm_tracepoint_match(struct tracepoint *tp, void *priv)
{
	struct lkm_tracepoint_table *want = priv;
	unsigned int i;

	for (i = 0; i < want->n; i++)
		if (!want->tps[i].tp && !strcmp(tp->name, want->tps[i].name))
			want->tps[i].tp = tp;
}

/* Find the @n tracepoints of @tps: 0, or -ENOENT naming a missing one. */
static inline int lkm_tracepoints_find(struct lkm_tracepoint *tps,
				       unsigned int n)
{
	struct lkm_tracepoint_table want = { .tps = tps, .n = n };
	unsigned int i;

	for_each_kernel_tracepoint(lkm_tracepoint_match, &want);
	for (i = 0; i < n; i++) {
		if (!tps[i].tp) {
			pr_err("tracepoint %s not found\n", tps[i].name);
			return -ENOENT;
		}
	}
	return 0;
}

/* Attach the probe of @t (found before): 0 or the error, logged. */
static inline int lkm_tracepoint_attach(struct lkm_tracepoint *t)
{
	int ret;

	if (t->registered)
		return 0;
	ret = tracepoint_probe_register(t->tp, t->probe, NULL);
	if (ret < 0) {
		pr_err("cannot attach to %s: %d\n", t->name, ret);
		return ret;
	}
	t->registered = true;
	return 0;
}

/*
 * Detach every attached probe of the @n of @tps, then wait until no probe
 * runs any more: what they use may be freed after this.
 */
static inline void lkm_tracepoints_detach(struct lkm_tracepoint *tps,
					  unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!tps[i].registered)
			continue;
		tracepoint_probe_unregister(tps[i].tp, tps[i].probe, NULL);
		tps[i].registered = false;
	}
	tracepoint_synchronize_unregister();
}

/* Attach all @n of @tps in order; on an error none stays attached. */
static inline int lkm_tracepoints_attach(struct lkm_tracepoint *tps,
					 unsigned int n)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = lkm_tracepoint_attach(&tps[i]);
		if (ret < 0) {
			lkm_tracepoints_detach(tps, n);
			return ret;
		}
	}
	return 0;
}

#endif /* LKM_TRACEPOINT_H */
