/*
 * patch_text: change kernel code. Before paging, text is plain writable
 * memory. Afterwards it is read-only, so the bytes go through a temporary
 * writable alias of the same physical page (the fixmap). Then CPUID, a
 * serializing instruction: the Intel SDM (vol. 3, 8.1.3, cross- and
 * self-modifying code) asks for one between writing code and executing
 * it, so no stale prefetched or decoded bytes of the old code run.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include <asm/mmu.h>

static inline void serialize(void)
{
	u32 a = 0, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : : "memory");
}

/* @len bytes at @a through the fixmap alias, page by page. */
static void poke(unsigned long a, const u8 *src, size_t len)
{
	while (len) {
		size_t n = MIN(len, PAGE_SIZE - (a & (PAGE_SIZE - 1)));

		/* Identity map: the physical address is @a. */
		memcpy(fixmap_map(FIX_TEXT_POKE, a), src, n);
		fixmap_unmap(FIX_TEXT_POKE);
		a += n;
		src += n;
		len -= n;
	}
}

/*
 * More than one byte (an ftrace site's 5, a jump): the SDM's rule for
 * code another processor may be running is to make the first byte int3,
 * serialize, write the rest, serialize, then write the first byte, so an
 * instruction fetch sees the old instruction, int3, or the new one, never
 * a mix. Only one CPU runs on x86 here and IRQs are masked, so no one can
 * execute that int3; the order keeps the write correct once others do.
 */
int patch_text(void *addr, const void *insn, size_t len)
{
	static const u8 int3 = 0xcc;
	unsigned long a = (unsigned long)addr;
	const u8 *src = insn;
	unsigned long flags;

	if (!len || a + len < a)
		return -EINVAL;
	flags = arch_irq_save();
	if (!arch_mmu_enabled()) {
		memcpy(addr, src, len);
	} else if (len == 1) {
		poke(a, src, 1);
	} else {
		poke(a, &int3, 1);
		serialize();
		poke(a + 1, src + 1, len - 1);
		serialize();
		poke(a, src, 1);
	}
	serialize();
	arch_irq_restore(flags);
	return 0;
}

/*
 * The trap path's last resort: it calls nothing (the probe machinery may
 * have hit its own breakpoint inside patch_text()). With CR0.WP briefly
 * clear, ring 0 writes ignore the read-only mapping; IRQs are masked
 * (trap context) and the same CPU runs the bytes next.
 */
__noprobe void arch_restore_text_now(unsigned long addr, const void *bytes, size_t len)
{
	unsigned long cr0;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
	__asm__ __volatile__("mov %0, %%cr0" : : "r"(cr0 & ~(unsigned long)CR0_WP) : "memory");
	for (size_t i = 0; i < len; i++)
		((volatile u8 *)addr)[i] = ((const u8 *)bytes)[i];
	__asm__ __volatile__("mov %0, %%cr0" : : "r"(cr0) : "memory");
	serialize();
}

/* Writes breakpoints and slots: nothing it runs may be one. */
NOPROBE_ROOT(patch_text);
