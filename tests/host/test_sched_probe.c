// SPDX-License-Identifier: GPL-2.0
/*
 * test_sched_probe.c - host unit test of the event stream record layout
 * shared by the sched_probe module and its tools (include/sched_probe.h):
 * the size and offsets documented in docs/sched_probe.md, and the
 * constants readers rely on. Prints KTAP.
 */
#include <stddef.h>
#include <stdio.h>

#include "ktap.h"
#include "sched_probe.h"

#define OFF(f) offsetof(struct sched_probe_event, f)

int main(void)
{
	ktap_plan(4);
	ktap_result(sizeof(struct sched_probe_event) == 40,
		    "struct sched_probe_event is 40 bytes");
	ktap_result(OFF(ts_ns) == 0 && OFF(cpu) == 8 && OFF(prev_pid) == 12 &&
			    OFF(prev_tgid) == 16 && OFF(next_pid) == 20 &&
			    OFF(next_tgid) == 24 && OFF(prev_state) == 28 &&
			    OFF(flags) == 32 && OFF(reason) == 36,
		    "field offsets as documented");
	ktap_result((SCHED_PROBE_RING_RECORDS &
		     (SCHED_PROBE_RING_RECORDS - 1)) == 0,
		    "ring size is a power of two");
	ktap_result(SCHED_PROBE_END_PREEMPTED == 1 &&
			    SCHED_PROBE_END_SLEPT == 2 &&
			    SCHED_PROBE_END_YIELDED == 3 &&
			    SCHED_PROBE_END_EXITED == 4 &&
			    SCHED_PROBE_EV_PREEMPT == 1 &&
			    SCHED_PROBE_EV_INVOLUNTARY == 2,
		    "end reasons and flags as documented");
	return ktap_finish();
}
