/*
 * patch_text: change kernel code safely. Before the MMU is on, text is
 * plain writable memory. Afterwards it is mapped read-only, so the bytes are
 * written through a temporary writable alias of the same physical page; both
 * mappings are normal write-back memory, so no attribute mismatch. Then the
 * new bytes are cleaned to the point of unification and the I-cache and
 * branch predictor are invalidated at the real address: what the CPU
 * fetches next is the new instruction on real hardware, not only on QEMU.
 *
 * Several CPUs: every write is made with the others brought to a spin
 * (smp_rendezvous_begin(), kernel/smp.c): ARMv7 lets a CPU execute an
 * instruction while another changes it only when both the old and the new
 * one are B, BL, BLX, BKPT, SVC, HVC, SMC, NOP or ISB (ARM ARM A3.5.4), and
 * our breakpoint is a permanently undefined instruction, a detour's branch
 * replaces any instruction, the tracer's NOP is a POP: no swap we make
 * qualifies, so none skips the rendezvous. The maintenance is broadcast
 * to the inner shareable domain (DCCMVAU and ICIMVAU by address, BPIALLIS)
 * and waited for (DSB ISH) before the others are released; each then runs
 * an ISB. One patcher at a time (text_lock), which also owns the alias.
 *
 * patch_text_fresh() writes code no CPU can be running: an instruction
 * slot freshly taken (or never reachable since it was written). That is
 * not concurrent modification, so it needs no rendezvous; the broadcast
 * maintenance makes the lines fresh everywhere, and the patch that later
 * makes the slot reachable (a breakpoint or branch at the site, through
 * patch_text()) gives every CPU its ISB first.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/smp.h>
#include <ek/spinlock.h>
#include <ek/string.h>
#include <asm/cp15.h>
#include <asm/mmu.h>

static void write_chunk(void *dst, const u8 *src, size_t n)
{
	/* Aligned words go out as single stores, so an instruction is
	 * replaced whole, never observed half-written. */
	if (n == 4 && ((uintptr_t)dst & 3) == 0) {
		u32 w;

		memcpy(&w, src, 4);
		WRITE_ONCE(*(u32 *)dst, w);
	} else {
		memcpy(dst, src, n);
	}
}

static spinlock_t text_lock = SPINLOCK_INIT;

static int write_text(void *addr, const void *insn, size_t len, bool rendezvous)
{
	unsigned long a = (unsigned long)addr;
	const u8 *src = insn;
	unsigned long flags;

	if (!len || a + len < a)
		return -EINVAL;
	flags = spin_lock_irqsave(&text_lock);
	if (rendezvous)
		smp_rendezvous_begin(); /* the other CPUs spin meanwhile */
	if (!arch_mmu_enabled()) {
		write_chunk(addr, src, len);
		dcache_clean_pou_range(a, len);
	} else {
		while (len) {
			size_t n = MIN(len, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
			void *alias = fixmap_map(FIX_TEXT_POKE, a);

			write_chunk(alias, src, n);
			dcache_clean_pou_range((unsigned long)alias, n);
			fixmap_unmap(FIX_TEXT_POKE);
			a += n;
			src += n;
			len -= n;
		}
		a = (unsigned long)addr;
		len = (size_t)(src - (const u8 *)insn);
	}
	icache_inval_range(a, len);
	if (rendezvous)
		smp_rendezvous_end();
	spin_unlock_irqrestore(&text_lock, flags);
	return 0;
}

int patch_text(void *addr, const void *insn, size_t len)
{
	return write_text(addr, insn, len, true);
}

int patch_text_fresh(void *addr, const void *insn, size_t len)
{
	return write_text(addr, insn, len, false);
}

/*
 * The trap path's last resort: the probe machinery ran into its own
 * breakpoint, possibly inside patch_text() or the fixmap it uses, so this
 * calls no other function. With every domain briefly a manager domain the
 * MMU skips the permission check, so the one word is written at its own
 * read-only address; then the usual maintenance for that line. IRQs are
 * masked (trap context), and the same CPU runs the word next.
 */
__noprobe void arch_restore_text_now(unsigned long addr, const void *bytes, size_t len)
{
	u32 dacr = read_dacr(), insn;

	if (len < sizeof(insn))
		return; /* an A32 instruction is all this restores */
	__builtin_memcpy(&insn, bytes, sizeof(insn)); /* inline: no call */
	write_dacr(0xffffffffu); /* manager: no permission checks */
	isb();
	WRITE_ONCE(*(u32 *)addr, insn);
	dsb();
	write_dccmvau((u32)addr);
	dsb();
	write_dacr(dacr);
	write_icimvau((u32)addr);
	bp_inval_all();
	dsb();
	isb();
}

/* Writes breakpoints and slots: nothing it runs may be one. */
NOPROBE_ROOT(patch_text);
NOPROBE_ROOT(patch_text_fresh);
