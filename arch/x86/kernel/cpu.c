/* CPU identification, interrupt masking, idle and halt. */
#include <ek/arch.h>
#include <ek/string.h>
#include <asm/io.h>
#include <asm/ptrace.h>

unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfl\n\tpopl %0\n\tcli" : "=r"(flags) : : "memory");
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	/* Only IF matters; a popf would also rewrite the other flags. */
	if (flags & X86_EFLAGS_IF)
		__asm__ __volatile__("sti" : : : "memory");
	else
		__asm__ __volatile__("cli" : : : "memory");
}

void arch_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

void arch_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

/* sti's one-instruction shadow makes "sti; hlt" atomic: an interrupt that
 * is already pending wakes the hlt instead of slipping in before it. It is
 * handled right there; the caller sees IRQs masked again, as it asked.
 * With every i8259 line masked (no irqchip in the DT) nothing would ever
 * wake a hlt: then only pause, and the caller polls. */
void arch_wait_for_interrupt(void)
{
	if (inb(0x21) == 0xff) {
		__asm__ __volatile__("pause" : : : "memory");
		return;
	}
	__asm__ __volatile__("sti\n\thlt\n\tcli" : : : "memory");
}

void arch_halt(void)
{
	for (;;)
		__asm__ __volatile__("cli\n\thlt" : : : "memory");
}

static void cpuid(u32 leaf, u32 r[4])
{
	__asm__ __volatile__("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf),
			     "c"(0));
}

/* The brand string where the CPU has one (QEMU's "QEMU Virtual CPU
 * version 2.5+"), else the vendor ("GenuineIntel"). */
const char *arch_cpu_name(void)
{
	static char name[49];
	u32 r[4];

	if (name[0])
		return name;
	cpuid(0x80000000u, r);
	if (r[0] >= 0x80000004u) {
		for (u32 i = 0; i < 3; i++) {
			cpuid(0x80000002u + i, r);
			memcpy(name + 16 * i, r, 16);
		}
		name[48] = '\0';
		const char *s = name;

		while (*s == ' ')
			s++;
		memmove(name, s, strlen(s) + 1);
	} else {
		cpuid(0, r);
		memcpy(name, &r[1], 4);
		memcpy(name + 4, &r[3], 4);
		memcpy(name + 8, &r[2], 4);
		name[12] = '\0';
	}
	return name[0] ? name : "i386";
}
