/*
 * printk: timestamped lines into a ring-shaped log buffer (dmesg) and out to
 * every registered console. Works from the first line of start_kernel: the
 * early console is a plain register write and the timestamp comes from the
 * arch counter.
 */
#include <ek/arch.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/smp.h>
#include <ek/spinlock.h>
#include <ek/trace_dump.h>
#include <ek/string.h>
#include <ek/time.h>

#define LOG_BUF_SIZE (32 * 1024)

/* Only ever read below log_head, which is written first: no need to clear
 * it at boot (.noinit). */
static char log_buf[LOG_BUF_SIZE] __section(".noinit");
static size_t log_head;    /* total bytes ever written */
static bool at_line_start = true;
static struct console *consoles;
/* The log, the line state and the consoles' output, between CPUs; the
 * CPU holding it + 1, so a printk nested on that CPU (a probe hit inside,
 * live printing) goes on instead of waiting for itself. */
static spinlock_t log_lock;
static u32 log_owner;

void console_register(struct console *con)
{
	unsigned long flags = arch_irq_save();

	con->next = consoles;
	consoles = con;
	arch_irq_restore(flags);
}

void console_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, n);
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
	console_write(s, n);
}

/* With IRQs masked: whether this call took the lock (not before the MMU,
 * when the boot CPU is alone, nor when this CPU holds it already). */
static bool log_lock_get(void)
{
	u32 me;

	if (!arch_mmu_enabled())
		return false;
	me = smp_processor_id() + 1;
	if (READ_ONCE(log_owner) == me)
		return false;
	spin_lock(&log_lock);
	log_owner = me;
	return true;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[512];
	unsigned long flags;
	bool held;
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
	flags = arch_irq_save();
	held = log_lock_get();
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
	if (held) {
		log_owner = 0;
		spin_unlock(&log_lock);
	}
	arch_irq_restore(flags);
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
