/*
 * Register frame accessors for the arch-neutral kernel (include/ek/arch.h).
 * Names as Linux's x86 fetch args spell them: %ax %bx %cx %dx %si %di %bp
 * %sp %ip %flags (the "e" forms are accepted too). The kernel is built
 * cdecl (no -mregparm): at a function's entry sp points at the return
 * address and argument N (from 0) is the word at sp + 4 * (N + 1).
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/string.h>
#include <asm/ptrace.h>

static const struct {
	const char *name;
	u8 off;
} reg_table[] = {
	{ "ax", S_AX }, { "bx", S_BX }, { "cx", S_CX }, { "dx", S_DX },
	{ "si", S_SI }, { "di", S_DI }, { "bp", S_BP }, { "sp", S_SP },
	{ "ip", S_IP }, { "flags", S_FLAGS },
};

static u32 word_at(const struct pt_regs *regs, unsigned int off)
{
	return *(const u32 *)((const u8 *)regs + off);
}

unsigned long regs_get_pc(const struct pt_regs *regs)
{
	return regs->ip;
}

unsigned long regs_get_sp(const struct pt_regs *regs)
{
	return regs->sp;
}

/* At a function's entry (the only place the core asks): the call's
 * return address is the top of the stack. 0 when it cannot be read. */
unsigned long regs_get_return_addr(const struct pt_regs *regs)
{
	u32 ra;

	return arch_probe_read32(regs->sp, &ra) ? 0 : ra;
}

unsigned long regs_return_value(const struct pt_regs *regs)
{
	return regs->ax;
}

void regs_set_return_addr_pc(struct pt_regs *regs, unsigned long addr)
{
	regs->ip = (u32)addr;
}

unsigned long regs_get_register(const struct pt_regs *regs, unsigned int idx)
{
	return idx < ARRAY_SIZE(reg_table) ? word_at(regs, reg_table[idx].off) : 0;
}

static int lookup(const char *name, size_t len)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(reg_table); i++)
		if (strlen(reg_table[i].name) == len && !strncmp(reg_table[i].name, name, len))
			return (int)i;
	return -EINVAL;
}

int regs_register_index(const char *name, size_t len)
{
	int idx = lookup(name, len);

	/* "eax", "eflags": the 32-bit names of the same registers. */
	if (idx < 0 && len > 2 && name[0] == 'e')
		idx = lookup(name + 1, len - 1);
	return idx;
}

int regs_register_offset(unsigned int idx)
{
	return idx < ARRAY_SIZE(reg_table) ? reg_table[idx].off : -1;
}

/* cdecl: no argument is passed in a register. */
int regs_argument_offset(unsigned int n)
{
	(void)n;
	return -1;
}

/* cdecl: argument @n is the word above the return address and @n others. */
int regs_argument_stack_offset(unsigned int n)
{
	return n < 64 ? (int)(4 * (n + 1)) : -1;
}

int regs_get_stack_nth(const struct pt_regs *regs, unsigned int n, unsigned long *val)
{
	u32 v;

	if (n > 1024 || arch_probe_read32(regs->sp + 4 * n, &v))
		return -EFAULT;
	*val = v;
	return 0;
}

int regs_get_argument(const struct pt_regs *regs, unsigned int n, unsigned long *val)
{
	return regs_get_stack_nth(regs, n + 1, val);
}

_Static_assert(__builtin_offsetof(struct pt_regs, flags) == ARCH_REGS_STATUS_OFFSET, "status");

bool arch_status_irqs_off(u32 status)
{
	return !(status & X86_EFLAGS_IF);
}
