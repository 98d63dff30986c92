/*
 * The function tracer's x86 side, for now: x86 is built without -pg, so
 * the build's call-site table is empty (scripts/mcount-none.sh) and none
 * of these is ever asked about a site. The real ones (`call __fentry__`
 * sites and their 5-byte NOPs) come with issue 12's ftrace part.
 */
#include <ek/ftrace.h>

size_t arch_ftrace_insn(unsigned long site, enum ftrace_insn kind, u8 *buf)
{
	(void)site;
	(void)kind;
	(void)buf;
	return 0;
}

void arch_ftrace_write_early(unsigned long site, const u8 *insn, size_t len)
{
	(void)site;
	(void)insn;
	(void)len;
}

void arch_ftrace_sync_early(void)
{
}

u32 arch_ftrace_init_early(unsigned long base, const u32 *offs, u32 n, u8 *flags)
{
	(void)base;
	(void)offs;
	(void)n;
	(void)flags;
	return 0;
}
