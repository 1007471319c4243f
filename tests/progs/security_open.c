// SPDX-License-Identifier: GPL-2.0
/*
 * security_open - open each FILE for reading (r) or writing (w) and print
 * "ok" or the errno's name (e.g. "EACCES"), one line per file, for
 * tests/vm/security.sh (run as an unprivileged user). With w and -c CMD,
 * also writes CMD to each file opened and prints the write's result
 * ("ok" or the errno's name) after a space.
 *
 *   security_open r|w [-c CMD] FILE...
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const char *cmd = NULL;
	int i = 2, fd, wr;

	if (argc < 3 || (argv[1][0] != 'r' && argv[1][0] != 'w')) {
		fprintf(stderr, "usage: security_open r|w [-c CMD] FILE...\n");
		return 2;
	}
	wr = argv[1][0] == 'w';
	if (argc > 4 && !strcmp(argv[2], "-c")) {
		cmd = argv[3];
		i = 4;
	}
	for (; i < argc; i++) {
		fd = open(argv[i], wr ? O_WRONLY : O_RDONLY);
		if (fd < 0) {
			printf("%s\n", strerrorname_np(errno));
			continue;
		}
		if (cmd && write(fd, cmd, strlen(cmd)) < 0)
			printf("ok %s\n", strerrorname_np(errno));
		else
			printf(cmd ? "ok ok\n" : "ok\n");
		close(fd);
	}
	return 0;
}
