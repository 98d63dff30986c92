/* Pseudo-files: a static table plus files registered at run time. */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

extern const struct pfile *const __pfiles_start[], *const __pfiles_end[];
static struct pfile *dynamic_files;

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

void pfile_insert(struct pfile *f)
{
	unsigned long flags = arch_irq_save();

	f->next = dynamic_files;
	dynamic_files = f;
	arch_irq_restore(flags);
}

int pfile_register(struct pfile *f)
{
	if (pfile_lookup(f->path))
		return -EEXIST;
	pfile_insert(f);
	return 0;
}

void pfile_unregister(struct pfile *f)
{
	unsigned long flags = arch_irq_save();

	for (struct pfile **p = &dynamic_files; *p; p = &(*p)->next) {
		if (*p == f) {
			*p = f->next;
			break;
		}
	}
	arch_irq_restore(flags);
}

const struct pfile *pfile_lookup(const char *path)
{
	for (const struct pfile *const *f = __pfiles_start; f < __pfiles_end; f++)
		if (!strcmp((*f)->path, path))
			return *f;
	for (const struct pfile *f = dynamic_files; f; f = f->next)
		if (!strcmp(f->path, path))
			return f;
	return NULL;
}

void pfile_for_each(void (*fn)(const struct pfile *f, void *ctx), void *ctx)
{
	for (const struct pfile *const *f = __pfiles_start; f < __pfiles_end; f++)
		fn(*f, ctx);
	for (const struct pfile *f = dynamic_files; f; f = f->next)
		fn(f, ctx);
}
