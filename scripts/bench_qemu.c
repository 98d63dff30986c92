/*
 * QEMU driving for the bench tool: fork/exec with the console on two
 * pipes, wait for tokens with poll() under a deadline, type commands.
 * Nothing here measures anything: every figure is counted by the guest,
 * so host load only changes how long a run takes, never its numbers.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define PROMPT "ek# "

static const char *const board_names[] = { "virt", "vexpress-a15", "vexpress-a9", "pc" };

/* Machine options per board; the rest of the command line is common. */
const char *const qemu_board_args[][8] = {
	/* Four CPUs online (the SMP build as it runs; its DT, dumped with
	 * the same options, lists them all). */
	{ "-M", "virt", "-cpu", "cortex-a15", "-smp", "4", NULL },
	{ "-M", "vexpress-a15", "-cpu", "cortex-a15", "-audiodev", "none,id=snd0", NULL },
	{ "-M", "vexpress-a9", "-cpu", "cortex-a9", "-audiodev", "none,id=snd0", NULL },
	/* The reference machine for Linux's figures. */
	{ "-M", "pc", "-cpu", "pentium3", "-nic", "none", NULL },
};

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

int qemu_board_index(const char *board)
{
	for (size_t i = 0; i < sizeof(board_names) / sizeof(board_names[0]); i++)
		if (!strcmp(board, board_names[i]))
			return (int)i;
	die("unknown board %s", board);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void run_or_die(char *const argv[], bool show)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		if (!show) {
			int fd = open("/dev/null", O_WRONLY);

			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		die("%s failed (status %d)", argv[0], status);
}

void qemu_start(struct qemu *q, const char *board, const char *kernel, const char *dtb,
		const char *append, int timeout_s)
{
	const char *argv[40];
	int n = 0, in[2], out[2];
	const char *const *m = qemu_board_args[qemu_board_index(board)];

	bool pc = !strcmp(board, "pc");

	argv[n++] = pc ? "qemu-system-i386" : "qemu-system-arm";
	while (*m)
		argv[n++] = *m++;
	const char *common[] = { "-m", "128M", "-nographic", "-no-reboot", "-icount", "shift=0,sleep=off",
				 "-kernel", kernel };
	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		argv[n++] = common[i];
	if (dtb) {
		/* i386: the DTB is the first multiboot module. */
		argv[n++] = pc ? "-initrd" : "-dtb";
		argv[n++] = dtb;
	}
	if (append) {
		argv[n++] = "-append";
		argv[n++] = append;
	}
	argv[n] = NULL;
	if (pipe(in) || pipe(out))
		die("pipe: %s", strerror(errno));
	q->pid = fork();
	if (q->pid < 0)
		die("fork: %s", strerror(errno));
	if (q->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(in[1]);
		close(out[0]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	q->to_guest = in[1];
	q->from_guest = out[0];
	q->len = 0;
	q->cap = 1 << 16;
	q->buf = malloc(q->cap);
	if (!q->buf)
		die("out of memory");
	q->deadline = now() + timeout_s;
}

static char *find(struct qemu *q, const char *token)
{
	size_t t = strlen(token);

	for (size_t i = 0; i + t <= q->len; i++)
		if (!memcmp(q->buf + i, token, t))
			return q->buf + i;
	return NULL;
}

char *qemu_until(struct qemu *q, const char *token)
{
	char *hit;

	while (!(hit = find(q, token))) {
		struct pollfd pfd = { q->from_guest, POLLIN, 0 };
		double left = q->deadline - now();
		ssize_t r;

		if (left <= 0)
			break;
		if (poll(&pfd, 1, left > 1 ? 1000 : (int)(left * 1000) + 1) <= 0)
			continue;
		if (q->cap - q->len < 4096) {
			q->cap *= 2;
			q->buf = realloc(q->buf, q->cap);
			if (!q->buf)
				die("out of memory");
		}
		r = read(q->from_guest, q->buf + q->len, q->cap - q->len - 1);
		if (r <= 0)
			break; /* QEMU ended */
		q->len += (size_t)r;
	}
	if (!hit) {
		size_t tail = q->len > 2000 ? q->len - 2000 : 0;

		fprintf(stderr, "bench: QEMU gave no '%s'; output:\n%.*s\n", token,
			(int)(q->len - tail), q->buf + tail);
		kill(q->pid, SIGKILL);
		exit(2);
	}
	size_t n = (size_t)(hit - q->buf) + strlen(token);
	char *text = malloc(n + 1);

	if (!text)
		die("out of memory");
	memcpy(text, q->buf, n);
	text[n] = '\0';
	memmove(q->buf, q->buf + n, q->len - n);
	q->len -= n;
	return text;
}

static void type(struct qemu *q, const char *line)
{
	size_t n = strlen(line);

	if (write(q->to_guest, line, n) != (ssize_t)n || write(q->to_guest, "\r", 1) != 1)
		die("writing to QEMU: %s", strerror(errno));
}

char *qemu_cmd(struct qemu *q, const char *line)
{
	type(q, line);
	return qemu_until(q, PROMPT);
}

void qemu_close(struct qemu *q)
{
	double end = now() + 20;
	int status;

	signal(SIGPIPE, SIG_IGN); /* QEMU may already be gone */
	(void)!write(q->to_guest, "poweroff\r", 9);
	while (waitpid(q->pid, &status, WNOHANG) == 0) {
		if (now() > end) {
			kill(q->pid, SIGKILL);
			waitpid(q->pid, &status, 0);
			break;
		}
		nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
	}
	close(q->to_guest);
	close(q->from_guest);
	free(q->buf);
}
