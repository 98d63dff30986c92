/*
 * make bench host tool (scripts/bench.c, scripts/bench_qemu.c): boots the
 * kernel under QEMU -icount shift=0, drives the `bench` shell command over
 * the console and prints the table and build/bench/results.json.
 */
#ifndef SCRIPTS_BENCH_H
#define SCRIPTS_BENCH_H

#include <stdbool.h>
#include <stddef.h>

/* One QEMU boot with its console on a pipe pair. */
struct qemu {
	int pid;
	int to_guest, from_guest;
	char *buf;        /* console output not consumed yet */
	size_t len, cap;
	double deadline;  /* seconds, monotonic clock */
};

/* @dtb and @append may be NULL. Exits the tool on failure. */
void qemu_start(struct qemu *q, const char *board, const char *kernel, const char *dtb,
		const char *append, int timeout_s);
/* Console output up to and including @token (malloc'd); exits on timeout
 * or when QEMU ends first, showing the tail of the output. */
char *qemu_until(struct qemu *q, const char *token);
/* Type @line and a CR; the output up to the next prompt (malloc'd). */
char *qemu_cmd(struct qemu *q, const char *line);
/* `poweroff`, then wait; kill if it does not end. */
void qemu_close(struct qemu *q);

/* Run @argv (argv[0] searched in PATH), stdout/stderr to /dev/null unless
 * @show; exits the tool when it fails. */
void run_or_die(char *const argv[], bool show);
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

extern const char *const qemu_board_args[][8];
int qemu_board_index(const char *board);

#endif
