/*
 * printk: timestamped lines into a ring-shaped log buffer (dmesg) and out to
 * every registered console. Works from the first line of start_kernel: the
 * early console is a plain register write and the timestamp comes from the
 * arch counter.
 *
 * Several CPUs: the log buffer, the line state and the consoles take one
 * lock, which its holder's CPU may take again (a probe hit or a fault
 * while printing prints too, as with interrupts masked on one CPU), so
 * lines from different CPUs never interleave within a write.
 */
#include <ek/arch.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/spinlock.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace_dump.h>

#define LOG_BUF_SIZE (32 * 1024)

/* Only ever read below log_head, which is written first: no need to clear
 * it at boot (.noinit). */
static char log_buf[LOG_BUF_SIZE] __section(".noinit");
static size_t log_head;    /* total bytes ever written */
static bool at_line_start = true;
static struct console *consoles;
static struct rspinlock console_lock = RSPINLOCK_INIT;

void console_register(struct console *con)
{
	unsigned long flags = rspin_lock_irqsave(&console_lock);

	con->next = consoles;
	consoles = con;
	rspin_unlock_irqrestore(&console_lock, flags);
}

void console_write(const char *s, size_t n)
{
	unsigned long flags = rspin_lock_irqsave(&console_lock);

	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, n);
	rspin_unlock_irqrestore(&console_lock, flags);
}

int console_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, (size_t)n);
	return n;
}

int console_getc(void)
{
	for (struct console *c = consoles; c; c = c->next) {
		int ch = c->getc ? c->getc(c) : -1;

		if (ch >= 0)
			return ch;
	}
	return -1;
}

static void log_store(const char *s, size_t n)
{
	size_t at = log_head % LOG_BUF_SIZE;

	log_head += n;
	if (n > LOG_BUF_SIZE) { /* only the last LOG_BUF_SIZE bytes survive */
		at = (at + n - LOG_BUF_SIZE) % LOG_BUF_SIZE;
		s += n - LOG_BUF_SIZE;
		n = LOG_BUF_SIZE;
	}
	if (n > LOG_BUF_SIZE - at) { /* wraps: the tail goes to the start */
		memcpy(log_buf, s + (LOG_BUF_SIZE - at), n - (LOG_BUF_SIZE - at));
		n = LOG_BUF_SIZE - at;
	}
	memcpy(log_buf + at, s, n);
}

size_t log_buf_len(void)
{
	return log_head < LOG_BUF_SIZE ? log_head : LOG_BUF_SIZE;
}

size_t log_buf_copy(char *dst, size_t size, size_t offset)
{
	size_t len = log_buf_len();
	size_t start = log_head - len + offset;
	size_t n = 0;

	for (; offset + n < len && n < size; n++)
		dst[n] = log_buf[(start + n) % LOG_BUF_SIZE];
	return n;
}

/* @n decimal digits of @v (the low ones) at @p, most significant first. */
static void put_digits(char *p, unsigned long v, int n)
{
	while (n--) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* "[%5lu.%06lu] " without the formatter: every line starts with it.
 * @ts has room for 32 bytes; usec < 10^6. */
static size_t format_timestamp(char *ts, unsigned long sec, unsigned long usec)
{
	char *p = ts;
	int digits = 1;

	for (unsigned long v = sec; v >= 10; v /= 10)
		digits++;
	*p++ = '[';
	for (int i = digits; i < 5; i++)
		*p++ = ' ';
	put_digits(p, sec, digits);
	p += digits;
	*p++ = '.';
	put_digits(p, usec, 6);
	p += 6;
	*p++ = ']';
	*p++ = ' ';
	return (size_t)(p - ts);
}

static void emit(const char *s, size_t n)
{
	log_store(s, n);
	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, n);
}

int vprintk(const char *fmt, va_list ap)
{
	char line[512];
	unsigned long flags;
	int len = kvsnprintf(line, sizeof(line), fmt, ap);
	const char *p = line, *end;

	if (len >= (int)sizeof(line)) {
		/* Cut, but keep the line break so the next message starts
		 * on a line of its own. */
		len = sizeof(line) - 1;
		if (fmt[0] && fmt[strlen(fmt) - 1] == '\n')
			line[len - 1] = '\n';
	}
	end = line + len;
	flags = rspin_lock_irqsave(&console_lock);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl + 1 : end;

		if (at_line_start) {
			char ts[32];
			unsigned long sec, usec;

			ns_to_sec_usec(time_ns(), &sec, &usec);
			emit(ts, format_timestamp(ts, sec, usec));
		}
		emit(p, (size_t)(stop - p));
		at_line_start = nl != NULL;
		p = stop;
	}
	rspin_unlock_irqrestore(&console_lock, flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	printk("Kernel panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	arch_dump_backtrace(NULL);
	trace_dump_oops();
	printk("---[ end Kernel panic ]---\n");
	arch_halt();
}
/* A fatal sink: it halts the CPU, never returning into the probe path. */
NOPROBE_BOUNDARY(panic);
