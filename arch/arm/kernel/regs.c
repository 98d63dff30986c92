/* Register frame accessors for the arch-neutral kernel (include/ek/arch.h). */
#include <ek/arch.h>
#include <ek/ftrace.h>
#include <ek/errno.h>
#include <ek/string.h>
#include <asm/assembler.h>
#include <asm/ptrace.h>

unsigned long regs_get_pc(const struct pt_regs *regs)
{
	return regs->ARM_pc;
}

unsigned long regs_get_sp(const struct pt_regs *regs)
{
	return regs->ARM_sp;
}

unsigned long regs_get_return_addr(const struct pt_regs *regs)
{
	return regs->ARM_lr;
}

unsigned long regs_return_value(const struct pt_regs *regs)
{
	return regs->uregs[0];
}

void regs_set_return_addr_pc(struct pt_regs *regs, unsigned long addr)
{
	/* Interworking: bit 0 is the state to continue in. */
	if (addr & 1) {
		regs->cpsr |= PSR_T_BIT;
		addr &= ~1ul;
	} else {
		regs->cpsr &= ~(u32)PSR_T_BIT;
	}
	regs->ARM_pc = (u32)addr;
}

unsigned long regs_get_register(const struct pt_regs *regs, unsigned int idx)
{
	return idx < 16 ? regs->uregs[idx] : 0;
}

static const char *const reg_names[] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
	"fp", "ip", "sp", "lr", "pc",
};

int regs_register_index(const char *name, size_t len)
{
	for (unsigned int i = 0; i < 16; i++)
		if (strlen(reg_names[i]) == len && !strncmp(reg_names[i], name, len))
			return (int)i;
	/* r11..r15 by number too */
	if (len == 3 && name[0] == 'r' && name[1] == '1' && name[2] >= '1' && name[2] <= '5')
		return 10 + (name[2] - '0');
	return -EINVAL;
}

int regs_get_stack_nth(const struct pt_regs *regs, unsigned int n, unsigned long *val)
{
	u32 v;

	if (n > 1024 || arch_probe_read32(regs->ARM_sp + 4 * n, &v))
		return -EFAULT;
	*val = v;
	return 0;
}

/* AAPCS: the first four word arguments in r0-r3, the rest on the stack,
 * from the entry sp: at a function tracer's call site (where a traced
 * function's entry probe sits) the prologue's frame lies below it. */
int regs_get_argument(const struct pt_regs *regs, unsigned int n, unsigned long *val)
{
	int site;

	if (n < 4) {
		*val = regs->uregs[n];
		return 0;
	}
	site = ftrace_site_index(regs->ARM_pc);
	if (site >= 0)
		n += ftrace_site_frame[site] / 4;
	return regs_get_stack_nth(regs, n - 4, val);
}

_Static_assert(__builtin_offsetof(struct pt_regs, cpsr) == ARCH_REGS_STATUS_OFFSET, "status");

bool arch_status_irqs_off(u32 status)
{
	return status & PSR_I;
}
