/*
 * The inline half of the arch interface (include/ek/arch.h includes it):
 * what hot paths and wait loops use without a call. ARMv7-A.
 */
#ifndef ASM_ARCH_INLINE_H
#define ASM_ARCH_INLINE_H

/* TPIDRPRW: this CPU's per-CPU offset (head.S sets 0, smp_head.S a
 * secondary's). Not volatile: it never changes under a running CPU (there
 * is no migration), so the compiler may read it once per function. */
static inline unsigned long arch_percpu_offset(void)
{
	unsigned long off;

	__asm__("mrc p15, 0, %0, c13, c0, 4" : "=r"(off));
	return off;
}

/* TPIDRURO (there is no user mode to read it): this CPU's trace buffer,
 * the per-CPU object the hot paths reach most (an event's record, the
 * function tracer). head.S sets CPU 0's, smp_head.S a secondary's, each
 * before its first C call, so a hit finds its ring with one mrc instead
 * of this_cpu_ptr()'s literal load, PC add, mrc and add. @cpu0 (CPU 0's
 * copy) is what the other archs compute from. */
static inline void *arch_percpu_hot(void *cpu0)
{
	void *p;

	(void)cpu0;
	__asm__("mrc p15, 0, %0, c13, c0, 3" : "=r"(p));
	return p;
}

/* r4-r11: a hot path may keep a value across a call at no cost
 * (kernel/trace/probe_record.c). */
#define ARCH_SPARE_CALLEE_SAVED 1

/* A full barrier between CPUs (the inner shareable domain). */
static inline void arch_smp_mb(void)
{
	__asm__ __volatile__("dmb ish" ::: "memory");
}

/* Wait for an event (WFE): a loop waiting for another CPU's store uses
 * it, and that CPU signals with arch_cpu_send_event() after the store.
 * An event sent between the loop's test and the WFE is not lost (it sets
 * the event register). Under QEMU's single-threaded TCG (-icount) a WFE
 * hands the host thread to the next vCPU, so a waiting CPU costs a few
 * instructions rather than a time slice of spinning. */
static inline void arch_cpu_wait_event(void)
{
	__asm__ __volatile__("wfe" ::: "memory");
}

static inline void arch_cpu_send_event(void)
{
	__asm__ __volatile__("dsb ishst\n\tsev" ::: "memory");
}

/* After another CPU changed code this one may run next (ARM ARM B2.2.5:
 * the executing CPU synchronizes its own instruction stream). */
static inline void arch_isb(void)
{
	__asm__ __volatile__("isb" ::: "memory");
}

/*
 * At a kretprobe's entry, on every hit: make the function return to the
 * trampoline; the real return address back, the entry sp in *@sp. Inline
 * (a call and a frame are most of what it costs), on the frame as entry.S
 * lays it out, by word (struct pt_regs stays opaque to the core; kprobes.c
 * checks the indexes against asm/ptrace.h).
 */
#define ARCH_FRAME_SP_WORD 13
#define ARCH_FRAME_LR_WORD 14
struct pt_regs;
extern const unsigned int kretprobe_trampoline[];

static inline unsigned long arch_kretprobe_divert(struct pt_regs *regs, unsigned long *sp)
{
	unsigned int *frame = (unsigned int *)regs;
	unsigned long ret = frame[ARCH_FRAME_LR_WORD];

	*sp = frame[ARCH_FRAME_SP_WORD];
	frame[ARCH_FRAME_LR_WORD] = (unsigned int)(unsigned long)kretprobe_trampoline;
	return ret;
}

#endif
