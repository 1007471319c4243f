// SPDX-License-Identifier: GPL-2.0
/*
 * args.c - the argp parts the toy tools share (see args.h).
 */
#include "args.h"

error_t args_one_operand(int key, char *arg, struct argp_state *state,
			 const char **operand)
{
	switch (key) {
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		return 0;
	case ARGP_KEY_ARG:
		if (*operand)
			argp_usage(state);
		*operand = arg;
		return 0;
	case ARGP_KEY_END:
		if (!*operand)
			argp_usage(state);
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}
