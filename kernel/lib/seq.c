/* Output streams for pseudo-file contents (include/ek/shell.h): into a
 * buffer, or through a sink. */
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

void seq_write(struct seq *s, const char *p, size_t n)
{
	if (s->sink) {
		s->sink(s, p, n);
		return;
	}
	if (s->len + n >= s->size) {
		s->overflow = true;
		n = s->size > s->len + 1 ? s->size - s->len - 1 : 0;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	if (s->size)
		s->buf[s->len] = '\0';
}

void seq_puts(struct seq *s, const char *str)
{
	seq_write(s, str, strlen(str));
}

void seq_printf(struct seq *s, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	seq_write(s, tmp, n < (int)sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

void seq_init_buf(struct seq *s, char *buf, size_t size)
{
	s->sink = NULL;
	s->buf = buf;
	s->size = size;
	s->len = 0;
	s->overflow = false;
	if (size)
		buf[0] = '\0';
}
