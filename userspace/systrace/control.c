// SPDX-License-Identifier: GPL-2.0
/*
 * control.c - systrace drives the module and COMMAND: commands written to
 * /proc/syscall_probe/control (filter, reset, enable, disable), COMMAND
 * started stopped so the filter is in place before it runs, the end of an
 * interval, and the signals that end a trace.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "systrace.h"

const struct procfs_module sys_module = { "systrace", SYSCALL_PROBE_PROC_DIR };

/*
 * Set by SIGINT, SIGTERM and SIGALRM (the stream's time limit): the one
 * global besides the options, as a signal handler can reach nothing else.
 */
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
}

bool stopped(void)
{
	return stop;
}

int control(const char *cmd)
{
	return procfs_control(&sys_module, cmd);
}

int set_filter(pid_t pid, bool children)
{
	char cmd[64];

	if (!pid)
		return control("filter none");
	snprintf(cmd, sizeof(cmd), "filter pid %d%s", pid,
		 children ? " children" : "");
	return control(cmd);
}

void disable(struct trace *t)
{
	control("disable");
	t->enabled = false;
}

/* Starts COMMAND stopped, so the filter is in place before it runs. */
pid_t spawn(char **cmd)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		perror("systrace: fork");
		return -1;
	}
	if (pid == 0) {
		raise(SIGSTOP);
		execvp(cmd[0], cmd);
		fprintf(stderr, "systrace: %s: %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, WUNTRACED) < 0 || !WIFSTOPPED(status)) {
		fprintf(stderr, "systrace: %s did not start\n", cmd[0]);
		return -1;
	}
	return pid;
}

/* Has COMMAND exited? Reaps it. */
bool child_gone(struct trace *t)
{
	if (t->child <= 0 || t->child_reaped)
		return t->child_reaped;
	if (waitpid(t->child, NULL, WNOHANG) == t->child)
		t->child_reaped = true;
	return t->child_reaped;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Waits for the end of an interval (forever without one), a signal, or
 * COMMAND's exit; true when tracing should end.
 */
bool wait_round(struct trace *t)
{
	double interval = t->opt->interval, end = now_s() + interval;

	for (;;) {
		struct timespec ts = { 0, 20000000 };
		double left = end - now_s();

		if (stop || child_gone(t))
			return true;
		if (interval && left <= 0)
			return false;
		if (t->child <= 0 && !interval) {
			pause();
			continue;
		}
		if (interval && left < 0.02)
			ts.tv_nsec = (long)(left * 1e9);
		nanosleep(&ts, NULL);
	}
}
