/*
 * The console shell ("ek# ") and the pseudo-file tree it reads and writes
 * (/proc, /sys/kernel/tracing, /sys/kernel/debug). Files are rows in a
 * table or registered at run time; directories exist implicitly.
 */
#ifndef EK_SHELL_H
#define EK_SHELL_H

#include <ek/types.h>

/* Output stream for pseudo-file contents: to a buffer or straight out. */
struct seq {
	void (*sink)(struct seq *s, const char *p, size_t n);
	char *buf;
	size_t size, len;
	bool overflow;
};

void seq_write(struct seq *s, const char *p, size_t n);
void seq_puts(struct seq *s, const char *str);
void seq_printf(struct seq *s, const char *fmt, ...) __printf(2, 3);
/* A seq collecting into @buf (NUL-terminated, overflow flagged). */
void seq_init_buf(struct seq *s, char *buf, size_t size);

struct pfile {
	const char *path;
	int (*show)(struct seq *s, void *data);
	/* @text is what `echo` wrote, trailing newline included. */
	int (*write)(const char *text, size_t len, bool append, void *data);
	void *data;
	struct pfile *next;
};

#define PFILE_DECLARE(var)                                                         \
	static const struct pfile *const __pfile_##var __used __section(".pfiles") \
		__aligned(4) = &var

int pfile_register(struct pfile *f);
void pfile_unregister(struct pfile *f);
/* Add @f, whose path the caller knows is new (no lookup: a thousand
 * event directories, four files each, would cost a quadratic scan). */
void pfile_insert(struct pfile *f);
/* Add @f with these fields, set by code: unlike a PFILE_DECLARE row, whose
 * pointers the boot relocates one by one before the early probes are
 * armed, this costs the early boot nothing. The path must be new. */
static inline void pfile_add(struct pfile *f, const char *path,
			     int (*show)(struct seq *s, void *data),
			     int (*write)(const char *text, size_t len, bool append, void *data),
			     void *data)
{
	f->path = path;
	f->show = show;
	f->write = write;
	f->data = data;
	pfile_insert(f);
}
const struct pfile *pfile_lookup(const char *path);
void pfile_for_each(void (*fn)(const struct pfile *f, void *ctx), void *ctx);

struct shell_cmd {
	const char *name;
	const char *usage;
	int (*run)(int argc, char **argv);
};

#define SHELL_CMD(var)                                                             \
	static const struct shell_cmd *const __shell_cmd_##var __used              \
		__section(".shell_cmds") __aligned(4) = &var

/* On-target self-tests, run by `selftest NAME` or `selftest all`; each prints
 * its own "selftest NAME: PASS|FAIL" line and returns 0 on success. */
struct selftest {
	const char *name;
	int (*run)(void);
};

/* In a selftest: when @cond fails, say where and why and count it in
 * @failures, then go on with the next check. */
#define SELFTEST_CHECK(name, failures, cond, ...)                                 \
	do {                                                                      \
		if (!(cond)) {                                                    \
			console_printf("selftest " name ": FAIL line %d: ", __LINE__); \
			console_printf(__VA_ARGS__);                              \
			console_printf("\n");                                     \
			(failures)++;                                             \
		}                                                                 \
	} while (0)

#define SELFTEST_DECLARE(var)                                                      \
	static const struct selftest *const __selftest_##var __used                \
		__section(".selftests") __aligned(4) = &var

/* Run one command line; returns the command's status. */
int shell_exec(const char *line);
/* Run the command @argv[0] (words already split). */
int shell_exec_argv(int argc, char **argv);
/* @fn runs whenever the shell on CPU 0 waits for input (NULL: it sleeps
 * until an interrupt instead), and once before each prompt: work that
 * keeps the shell usable meanwhile (smpstress's share on CPU 0). It
 * returns true when it printed something; with @mid_line the prompt was
 * already out, so the shell shows it again with what was typed so far. */
void shell_set_idle_work(bool (*fn)(bool mid_line));
void shell_run(void) __noreturn;

#endif
