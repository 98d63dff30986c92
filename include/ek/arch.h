/*
 * The arch interface: everything kernel/ needs from arch/<arch>/. kernel/
 * includes no other arch header; struct pt_regs stays opaque here and is
 * read through the accessors below.
 */
#ifndef EK_ARCH_H
#define EK_ARCH_H

#include <ek/types.h>

struct pt_regs;

/* Boot */
void arch_setup(void);                 /* MMU + caches on, text read-only */
bool arch_mmu_enabled(void);
const char *arch_cpu_name(void);
/* Guess a console when the DTB gives none; 0 on success. */
int arch_fallback_console(void);

/* Interrupt masking on the current CPU */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
void arch_irq_enable(void);
void arch_irq_disable(void);
bool arch_irqs_disabled(void);
/* Sleep until an interrupt is pending (returns with IRQs still masked). */
void arch_wait_for_interrupt(void);
void arch_halt(void) __noreturn;

/* Free-running counter usable from the first instruction. */
u64 arch_counter_read(void);
u32 arch_counter_freq(void);

/* Device memory: map @size bytes at physical @phys uncached; returns the
 * virtual address (identity here), NULL on failure. Works before the MMU. */
void *ioremap(phys_addr_t phys, size_t size);

/* Text patching with full cache maintenance; writes through a temporary
 * writable alias once text is read-only. */
int patch_text(void *addr, const void *insn, size_t len);
/* Make freshly written code at [start, start+len) visible to fetch. */
void flush_icache_range(unsigned long start, unsigned long len);

/* Fault-tolerant accesses: -EFAULT instead of an oops. */
int arch_probe_read32(unsigned long addr, u32 *val);
int arch_probe_write32(unsigned long addr, u32 val);
/* Same, but the fault is reported (registers + backtrace) before recovery:
 * for debugging commands that are meant to show the oops path. */
int arch_debug_read32(unsigned long addr, u32 *val);
int arch_debug_write32(unsigned long addr, u32 val);

/* Register frames */
unsigned long regs_get_pc(const struct pt_regs *regs);
void arch_show_regs(const struct pt_regs *regs);
/* Print a symbolized call chain starting at @regs (or the caller if NULL). */
void arch_dump_backtrace(const struct pt_regs *regs);

#endif
