/*
 * /sys/kernel/tracing/error_log, in Linux's format: the last errors of
 * the tracing commands, each as
 *
 *   [    1.234567] trace_kprobe: error: <message>
 *     Command: <the command>
 *                ^
 *
 * with the caret under the offending character. As Linux does, the
 * command is shown as its words joined by single spaces (Linux rebuilds it
 * from its argv), and the position moves with it. `echo > error_log`
 * empties the log; the oldest entry goes when a 17th comes.
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/error_log.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/time.h>

#define ERROR_LOG_MAX 16 /* Linux's TRACING_LOG_ERRS_MAX */
#define CMD_MAX 256
#define CMD_PREFIX "  Command: "

struct error_entry {
	u64 ns;
	u16 pos;
	char loc[32];
	char msg[112];
	char cmd[CMD_MAX];
};

/* Written before read (count says which): not cleared at boot, which
 * early arming would pay for. */
static struct error_entry entries[ERROR_LOG_MAX] __section(".noinit");
static unsigned int first, count;

/* @cmd's words joined by single spaces into @out; returns where byte
 * @pos of @cmd lands (a position inside a run of blanks lands on the
 * space that replaces it, one past the end lands past the end). */
static size_t normalise(const char *cmd, size_t len, int pos, char *out, size_t size)
{
	size_t n = 0, at = 0;
	bool blank = false;

	while (len && (cmd[len - 1] == '\n' || cmd[len - 1] == '\r' || cmd[len - 1] == ' ' ||
		       cmd[len - 1] == '\t'))
		len--;
	for (size_t i = 0; i < len; i++) {
		bool b = cmd[i] == ' ' || cmd[i] == '\t';

		if (b && (!n || blank)) {
			if ((int)i == pos)
				at = n;
			continue; /* leading blanks and the rest of a run */
		}
		if ((int)i == pos)
			at = n;
		blank = b;
		if (n + 1 < size)
			out[n++] = b ? ' ' : cmd[i];
	}
	out[n] = '\0';
	if (pos >= (int)len)
		at = n;
	return at;
}

void trace_error_log(const char *loc, const char *cmd, size_t len, int pos, const char *msg)
{
	struct error_entry *e;
	unsigned long flags = arch_irq_save();

	if (count == ERROR_LOG_MAX) {
		e = &entries[first];
		first = (first + 1) % ERROR_LOG_MAX;
	} else {
		e = &entries[(first + count++) % ERROR_LOG_MAX];
	}
	arch_irq_restore(flags);
	e->ns = time_ns();
	strlcpy(e->loc, loc, sizeof(e->loc));
	strlcpy(e->msg, msg, sizeof(e->msg));
	e->pos = (u16)normalise(cmd, len, pos < 0 ? 0 : pos, e->cmd, sizeof(e->cmd));
}

static int error_log_show(struct seq *s, void *data)
{
	(void)data;
	for (unsigned int i = 0; i < count; i++) {
		const struct error_entry *e = &entries[(first + i) % ERROR_LOG_MAX];
		unsigned long secs, usecs;

		ns_to_sec_usec(e->ns, &secs, &usecs);
		seq_printf(s, "[%5lu.%06lu] %s: error: %s\n", secs, usecs, e->loc, e->msg);
		seq_printf(s, CMD_PREFIX "%s\n", e->cmd);
		seq_printf(s, "%*s^\n", (int)(sizeof(CMD_PREFIX) - 1 + e->pos), "");
	}
	return 0;
}

/* As Linux: opening it truncating (echo >) empties it; what is written
 * is ignored. */
static int error_log_write(const char *text, size_t len, bool append, void *data)
{
	(void)text;
	(void)len;
	(void)data;
	if (!append)
		count = 0;
	return 0;
}

static int error_log_init(void)
{
	static struct pfile file __section(".noinit"); /* pfile_add() fills it */

	pfile_add(&file, "/sys/kernel/tracing/error_log", error_log_show, error_log_write, NULL);
	return 0;
}
device_initcall(error_log_init);
