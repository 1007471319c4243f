// SPDX-License-Identifier: GPL-2.0
/*
 * demo_args - print exactly what a program received in argv, for the demo's
 * chapter 4 (execve and binary formats): used as the interpreter of "#!"
 * scripts, it shows how the kernel split (or did not split, or cut) the
 * "#!" line.
 *
 *   demo_args [ARG...]
 *
 * One line per argument: "argv[I] (N bytes): VALUE" (values longer than 60
 * bytes are shortened on screen, with their last bytes shown). With
 * DEMO_ARGS_JSON=FILE in the environment it also writes
 * {"argc":N,"argv":[{"len":N,"value":"..."},...]} to FILE (only printable
 * ASCII is written as is; anything else as \u00XX).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static int write_json(const char *path, int argc, char **argv)
{
	FILE *f = fopen(path, "w");
	int i;

	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f, "{\"argc\":%d,\"argv\":[", argc);
	for (i = 0; i < argc; i++) {
		fprintf(f, "%s{\"len\":%zu,\"value\":", i ? "," : "",
			strlen(argv[i]));
		json_string(f, argv[i]);
		fputc('}', f);
	}
	fprintf(f, "]}\n");
	return fclose(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *json = getenv("DEMO_ARGS_JSON");
	int i;

	printf("argc %d\n", argc);
	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (n > 60)
			printf("argv[%d] (%zu bytes): %.24s...%s\n", i, n,
			       argv[i], argv[i] + n - 24);
		else
			printf("argv[%d] (%zu bytes): %s\n", i, n, argv[i]);
	}
	return json ? write_json(json, argc, argv) : 0;
}
