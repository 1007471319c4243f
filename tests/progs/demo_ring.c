// SPDX-License-Identifier: GPL-2.0
/*
 * demo_ring.c - demo chapter 1 (rings): the user side of the privilege
 * level the CPU runs at. The kernel side of the same read is
 * /proc/syscall_probe/ring.
 *
 * x86-64: reads the cs register from user code and prints it with its low
 * two bits, the current privilege level (CPL). In a user program the CPL
 * is 3 (binary 11): ring 3, user mode (the kernel reads CPL 0).
 *
 *   demo_ring          cs 0x0033 cpl 3 (binary 11): ring 3, user mode
 *   demo_ring --json   {"cs":51,"cpl":3}
 *
 * arm64: the register that says the exception level, CurrentEL, cannot be
 * read by user code at all: at EL0 the mrs instruction is undefined, the
 * CPU traps to the kernel, which sends SIGILL. That refusal is the answer:
 * only EL0 is refused (the kernel, at EL1, reads el 1).
 *
 *   demo_ring          mrs CurrentEL: SIGILL (illegal instruction): EL0, user mode
 *   demo_ring --json   {"currentel":null,"signal":"SIGILL","el":0}
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#if defined(__x86_64__)
static int ring(int json)
{
	unsigned short cs;
	unsigned int cpl;

	/* Any code may read cs; only its CPL bits tell where it runs. */
	asm volatile("mov %%cs, %0" : "=r"(cs));
	cpl = cs & 3;
	if (json) {
		printf("{\"cs\":%u,\"cpl\":%u}\n", cs, cpl);
		return 0;
	}
	printf("cs 0x%04x cpl %u (binary %u%u): ring %u, %s mode\n", cs, cpl,
	       cpl >> 1, cpl & 1, cpl, cpl == 3 ? "user" : "kernel");
	return 0;
}
#elif defined(__aarch64__)
static sigjmp_buf trapped;

static void on_sigill(int sig)
{
	siglongjmp(trapped, sig);
}

static int ring(int json)
{
	struct sigaction sa = { .sa_handler = on_sigill };
	unsigned long el;

	sigaction(SIGILL, &sa, NULL);
	if (!sigsetjmp(trapped, 1)) {
		/* Traps at EL0: the kernel answers with SIGILL. */
		asm volatile("mrs %0, CurrentEL" : "=r"(el));
		/* Not reached in a user program. */
		if (json)
			printf("{\"currentel\":%lu,\"signal\":null,\"el\":%lu}\n",
			       el, (el >> 2) & 3);
		else
			printf("mrs CurrentEL: 0x%lx: EL%lu\n", el,
			       (el >> 2) & 3);
		return 1;
	}
	if (json)
		printf("{\"currentel\":null,\"signal\":\"SIGILL\",\"el\":0}\n");
	else
		printf("mrs CurrentEL: SIGILL (illegal instruction): EL0, user mode\n");
	return 0;
}
#else
#error "x86-64 and arm64 only"
#endif

int main(int argc, char **argv)
{
	return ring(argc > 1 && !strcmp(argv[1], "--json"));
}
