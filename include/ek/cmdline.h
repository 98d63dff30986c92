/*
 * Kernel command line: tokenizer (host-tested) and the table of parameters
 * that kernel code registers with KERNEL_PARAM().
 */
#ifndef EK_CMDLINE_H
#define EK_CMDLINE_H

#include <ek/types.h>

#define CMDLINE_MAX 1024

/* One "key[=value]" word. @val is NULL for a bare key; quotes are stripped. */
struct cmdline_arg {
	const char *key;
	size_t klen;
	const char *val;
	size_t vlen;
	size_t pos; /* byte offset of the word in the command line */
	unsigned int index; /* nth occurrence of this key, from 1 */
};

typedef int (*cmdline_fn)(const struct cmdline_arg *arg, void *ctx);

/* Calls @fn for each word; stops at and returns the first nonzero result.
 * An unterminated quote ends the value at the end of the line. */
int cmdline_parse(const char *line, cmdline_fn fn, void *ctx);

/* Value of the last "key=value" in @line (NULL when absent); *vlen its length. */
const char *cmdline_find(const char *line, const char *key, size_t *vlen);
bool cmdline_key_is(const struct cmdline_arg *arg, const char *key);

struct kernel_param {
	const char *name;
	int (*set)(const struct cmdline_arg *arg);
};

#define KERNEL_PARAM(pname, fn)                                                    \
	static const struct kernel_param __kparam_##fn __used                      \
		__section(".kparams") __aligned(4) = { .name = pname, .set = fn }

/* The bootargs the kernel booted with (truncated to CMDLINE_MAX - 1). */
extern char boot_command_line[CMDLINE_MAX];
/* Copy bootargs in (returns -E2BIG when truncated) and run the param table. */
int cmdline_setup(const char *bootargs, size_t len);

#endif
