/*
 * Console shell. Reads a line (echo, backspace), splits it into words
 * (single and double quotes group, '>' and '>>' redirect echo into a
 * pseudo-file) and runs a command from the SHELL_CMD table.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/trace.h>

extern const struct shell_cmd *const __shell_cmds_start[], *const __shell_cmds_end[];

#define LINE_MAX 1024
#define MAX_ARGS 32
#define PROMPT "ek# "

static void out(const char *s)
{
	console_write(s, strlen(s));
}

/* Words are copied into @words (at least twice the line's size: each
 * redirection adds a terminator), quotes removed. */
static int split(const char *line, char *words, char **argv)
{
	int argc = 0;
	const char *r = line;
	char *w = words;

	while (*r) {
		char quote = 0;

		while (*r == ' ' || *r == '\t')
			r++;
		if (!*r)
			break;
		if (argc == MAX_ARGS - 1)
			return -E2BIG;
		argv[argc++] = w;
		if (*r == '>') { /* '>' and '>>' are words even without spaces */
			*w++ = *r++;
			if (*r == '>')
				*w++ = *r++;
			*w++ = '\0';
			continue;
		}
		while (*r && (quote || (*r != ' ' && *r != '\t' && *r != '>'))) {
			if (!quote && (*r == '\'' || *r == '"'))
				quote = *r++;
			else if (quote && *r == quote)
				quote = 0, r++;
			else
				*w++ = *r++;
		}
		if (quote)
			return -EINVAL;
		*w++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

int shell_exec(const char *line)
{
	/* Buffers written before read: not cleared at boot (.noinit). */
	static char words[2 * LINE_MAX] __section(".noinit");
	char *argv[MAX_ARGS];
	int argc;

	if (strlen(line) >= LINE_MAX) {
		console_printf("sh: line too long\n");
		return -E2BIG;
	}
	argc = split(line, words, argv);

	if (argc == -EINVAL) {
		console_printf("sh: unterminated quote\n");
		return -EINVAL;
	}
	if (argc < 0) {
		console_printf("sh: too many arguments\n");
		return argc;
	}
	return shell_exec_argv(argc, argv);
}

int shell_exec_argv(int argc, char **argv)
{
	if (argc == 0)
		return 0;
	for (const struct shell_cmd *const *c = __shell_cmds_start; c < __shell_cmds_end; c++)
		if (!strcmp((*c)->name, argv[0]))
			return (*c)->run(argc, argv);
	console_printf("sh: %s: command not found\n", argv[0]);
	return -ENOENT;
}

static bool (*idle_work)(bool mid_line);

void shell_set_idle_work(bool (*fn)(bool mid_line))
{
	WRITE_ONCE(idle_work, fn);
}

static int read_line(char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		unsigned long flags = arch_irq_save();
		int c = console_getc();

		if (c < 0) {
			/* Nothing typed: the idle work if any, else sleep until
			 * an interrupt (masked: one between the read and the
			 * WFI still wakes it; the interrupts taken then
			 * interrupt the trace's <idle>-0), then a quiescent
			 * point (another CPU may be waiting for one,
			 * include/ek/quiesce.h). */
			bool (*work)(bool mid_line) = READ_ONCE(idle_work);
			bool sleep = !work && !quiesce_behind();

			if (sleep) {
				trace_task_idle(true);
				arch_wait_for_interrupt();
			}
			arch_irq_restore(flags);
			if (sleep)
				trace_task_idle(false);
			if (!work) {
				quiescent_point();
			} else if (work(true)) { /* it printed: prompt and line again */
				out(PROMPT);
				console_write(buf, len);
			}
			continue;
		}
		arch_irq_restore(flags);
		if (c == '\r' || c == '\n') {
			out("\n");
			buf[len] = '\0';
			return (int)len;
		}
		if (c == 0x7f || c == 0x08) {
			if (len) {
				len--;
				out("\b \b");
			}
			continue;
		}
		if (c == 0x03) { /* ^C drops the line */
			out("^C\n");
			len = 0;
			buf[0] = '\0';
			return 0;
		}
		if (c < 0x20 || len + 1 >= size)
			continue;
		buf[len++] = (char)c;
		console_write((char *)&buf[len - 1], 1);
	}
}

void shell_run(void)
{
	static char line[LINE_MAX] __section(".noinit"); /* as words[] */

	console_printf("ekprobes shell: type 'help' for commands\n");
	for (;;) {
		bool (*work)(bool mid_line);

		/* Between commands nothing runs in a probe: what was freed
		 * after quiescence (include/ek/quiesce.h) goes now. */
		quiescent_point();
		work = READ_ONCE(idle_work);
		if (work)
			work(false); /* may print, before the prompt */
		out(PROMPT);
		read_line(line, sizeof(line));
		shell_exec(line);
	}
}

/* ---- built-in commands ---- */

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (const struct shell_cmd *const *c = __shell_cmds_start; c < __shell_cmds_end; c++)
		console_printf("  %-10s %s\n", (*c)->name, (*c)->usage);
	return 0;
}
static const struct shell_cmd help_cmd = { "help", "list commands", cmd_help };
SHELL_CMD(help_cmd);

static void console_sink(struct seq *s, const char *p, size_t n)
{
	(void)s;
	console_write(p, n);
}

static int cmd_cat(int argc, char **argv)
{
	int ret = 0;

	if (argc < 2) {
		console_printf("usage: cat FILE...\n");
		return -EINVAL;
	}
	for (int i = 1; i < argc; i++) {
		const struct pfile *f = pfile_lookup(argv[i]);
		struct seq s = { .sink = console_sink };

		if (!f) {
			console_printf("cat: %s: No such file or directory\n", argv[i]);
			ret = -ENOENT;
		} else if (!f->show) {
			console_printf("cat: %s: Permission denied\n", argv[i]);
			ret = -EPERM;
		} else {
			ret = f->show(&s, f->data);
		}
	}
	return ret;
}
static const struct shell_cmd cat_cmd = { "cat", "FILE...: print pseudo-files", cmd_cat };
SHELL_CMD(cat_cmd);

static int cmd_echo(int argc, char **argv)
{
	static char text[LINE_MAX + 2] __section(".noinit"); /* as words[] */
	const char *target = NULL;
	bool append = false, newline = true;
	size_t len = 0;
	int first = 1;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = false;
		first = 2;
	}
	for (int i = first; i < argc; i++) {
		if (!strcmp(argv[i], ">") || !strcmp(argv[i], ">>")) {
			if (i + 2 != argc) {
				console_printf("echo: expected one file after %s\n", argv[i]);
				return -EINVAL;
			}
			append = argv[i][1] == '>';
			target = argv[i + 1];
			break;
		}
		if (i > first)
			len += (size_t)ksnprintf(text + len, sizeof(text) - len, " ");
		len += (size_t)ksnprintf(text + len, sizeof(text) - len, "%s", argv[i]);
	}
	if (newline && len < sizeof(text) - 1)
		text[len++] = '\n';
	text[len] = '\0';
	if (!target) {
		console_write(text, len);
		return 0;
	}
	const struct pfile *f = pfile_lookup(target);

	if (!f) {
		console_printf("echo: %s: No such file or directory\n", target);
		return -ENOENT;
	}
	if (!f->write) {
		console_printf("echo: %s: Permission denied\n", target);
		return -EPERM;
	}
	int ret = f->write(text, len, append, f->data);

	if (ret < 0)
		console_printf("echo: write error: %s\n", errno_text(ret));
	return ret < 0 ? ret : 0;
}
static const struct shell_cmd echo_cmd = { "echo", "[-n] TEXT [> FILE | >> FILE]", cmd_echo };
SHELL_CMD(echo_cmd);

struct ls_ctx {
	const char *dir; /* with trailing '/' */
	size_t dlen;
	const char *seen[128];
	size_t seen_len[128];
	int nseen;
	int found;
};

static void ls_one(const struct pfile *f, void *arg)
{
	struct ls_ctx *c = arg;
	const char *rest, *slash;
	size_t n;

	if (strncmp(f->path, c->dir, c->dlen))
		return;
	rest = f->path + c->dlen;
	slash = strchr(rest, '/');
	n = slash ? (size_t)(slash - rest) : strlen(rest);
	c->found++;
	for (int i = 0; i < c->nseen; i++)
		if (c->seen_len[i] == n && !strncmp(c->seen[i], rest, n))
			return;
	if (c->nseen < (int)ARRAY_SIZE(c->seen)) {
		c->seen[c->nseen] = rest;
		c->seen_len[c->nseen++] = n;
	}
	console_printf("%.*s%s\n", (int)n, rest, slash ? "/" : "");
}

static int cmd_ls(int argc, char **argv)
{
	static char dir[256];
	static struct ls_ctx c;
	const char *arg = argc > 1 ? argv[1] : "/";

	if (pfile_lookup(arg)) {
		console_printf("%s\n", arg);
		return 0;
	}
	strlcpy(dir, arg, sizeof(dir) - 1);
	if (dir[strlen(dir) - 1] != '/')
		strlcat(dir, "/", sizeof(dir));
	memset(&c, 0, sizeof(c));
	c.dir = dir;
	c.dlen = strlen(dir);
	pfile_for_each(ls_one, &c);
	if (!c.found) {
		console_printf("ls: %s: No such file or directory\n", arg);
		return -ENOENT;
	}
	return 0;
}
static const struct shell_cmd ls_cmd = { "ls", "[DIR]: list pseudo-files", cmd_ls };
SHELL_CMD(ls_cmd);

static int cmd_dmesg(int argc, char **argv)
{
	char chunk[256];
	size_t off = 0, n;

	(void)argc;
	(void)argv;
	while ((n = log_buf_copy(chunk, sizeof(chunk), off)) > 0) {
		console_write(chunk, n);
		off += n;
	}
	return 0;
}
static const struct shell_cmd dmesg_cmd = { "dmesg", "print the kernel log", cmd_dmesg };
SHELL_CMD(dmesg_cmd);
