/* Pseudo-files: a static table plus files registered at run time. */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

extern const struct pfile *const __pfiles_start[], *const __pfiles_end[];
static struct pfile *dynamic_files;

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
