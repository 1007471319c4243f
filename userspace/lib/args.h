/* SPDX-License-Identifier: GPL-2.0 */
/*
 * args.h - what the toy tools' argp parsers share: -h prints the help on
 * stdout like --help (argp's -? and usage messages go to stderr), and the
 * one required operand of the toy tools (mktoy IN, toydump FILE, toyvm
 * FILE) is taken once, a second one or none being a usage error.
 */
#ifndef USERSPACE_ARGS_H
#define USERSPACE_ARGS_H

#include <argp.h>

/*
 * Handle -h, ARGP_KEY_ARG into *@operand (one only) and ARGP_KEY_END
 * (*@operand set); from a parser's default case. Returns 0 if @key was
 * one of these, ARGP_ERR_UNKNOWN otherwise.
 */
error_t args_one_operand(int key, char *arg, struct argp_state *state,
			 const char **operand);

#endif
