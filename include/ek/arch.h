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

/*
 * Inline primitives (<asm/arch_inline.h>, the one arch header this one
 * includes; host builds of kernel code get include/host's):
 * arch_percpu_offset(), this CPU's per-CPU offset (include/ek/percpu.h),
 * a register read on every hot path that reaches per-CPU data;
 * arch_percpu_hot(cpu0), this CPU's copy of the trace buffer (trace_buf,
 * include/ek/trace.h, whose CPU 0 copy is @cpu0), which an arch may keep
 * in a register of its own; ARCH_SPARE_CALLEE_SAVED, 1 where a hot path may
 * keep a value across a call for free; arch_smp_mb(), a full barrier between CPUs; arch_cpu_wait_event()/arch_cpu_send_event(), the
 * wait-for-event pair of a loop waiting for another CPU's store (the
 * storer sends after the store); arch_isb(), this CPU refetches the
 * instructions after it (another CPU changed code it may run).
 */
#include <asm/arch_inline.h>

/*
 * Atomics and the spinlock (include/ek/spinlock.h), out of line and never
 * probed: no exclusive-access sequence lies in probe-able code, where a
 * probe between its load and store would fail the store for ever.
 * add_return returns the new value, cmpxchg and xchg the old one. The
 * spinlock word is the arch's (ARM: a ticket lock); a CPU waiting for it
 * calls smp_spin_poll() (include/ek/smp.h) in its loop.
 */
u32 arch_atomic_add_return(u32 *p, u32 v);
u64 arch_atomic64_add_return(u64 *p, u64 v);
u32 arch_atomic_cmpxchg(u32 *p, u32 old, u32 new_value);
u32 arch_atomic_xchg(u32 *p, u32 v);
void arch_spin_lock(u32 *lock);
bool arch_spin_trylock(u32 *lock);
void arch_spin_unlock(u32 *lock);
/* Interrupt @cpu (or every other online CPU) with inter-processor
 * interrupt @ipi (include/ek/smp.h); what the interrupt ran is in memory,
 * written before the call (the arch orders it first). */
void arch_send_ipi(unsigned int cpu, unsigned int ipi);
void arch_send_ipi_others(unsigned int ipi);

/* Interrupt masking on the current CPU */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
void arch_irq_enable(void);
void arch_irq_disable(void);
/* Sleep until an interrupt is pending (returns with IRQs still masked). */
void arch_wait_for_interrupt(void);
void arch_halt(void) __noreturn;

/* Free-running counter usable from the first instruction. Its rate in Hz
 * may be 0 early on, while the arch has not measured it yet; the arch then
 * calls time_arch_counter_calibrated() once it has. The read is the trace
 * clock until a timer driver registers one (kernel/time.c), called from
 * the function tracer's trampoline: notrace, and nothing it calls traced. */
u64 arch_counter_read(void);
u32 arch_counter_freq(void);

/* Device memory: map @size bytes at physical @phys uncached; returns the
 * virtual address (identity here), NULL on failure. Works before the MMU. */
void *ioremap(phys_addr_t phys, size_t size);

/* RAM whose every store must reach memory, because a warm reset keeps
 * memory but drops caches (the boot trace's region, kernel/trace/persist.c):
 * noted before arch_setup(), which maps it Normal non-cacheable. 0, or
 * -EINVAL when the arch cannot map exactly that range so (its alignment). */
int arch_keep_uncached(phys_addr_t base, size_t size);

/* @size bytes of zeroed memory mapped read-only + executable (after the MMU
 * and the allocator are up), written only through patch_text(). */
void *arch_alloc_exec(size_t size);

/* Text patching with full cache maintenance; writes through a temporary
 * writable alias once text is read-only. With other CPUs online they are
 * brought to a rendezvous meanwhile (include/ek/smp.h). */
int patch_text(void *addr, const void *insn, size_t len);
/* The same for code no CPU can be running yet (a freshly taken
 * instruction slot, reachable only once a later patch_text() publishes
 * it): no rendezvous. An arch with one CPU may just patch_text(). */
int patch_text_fresh(void *addr, const void *insn, size_t len);

/* Fault-tolerant accesses: -EFAULT instead of an oops. */
int arch_probe_read32(unsigned long addr, u32 *val);
int arch_probe_write32(unsigned long addr, u32 val);
/* Same, but the fault is reported (registers + backtrace) before recovery:
 * for debugging commands that are meant to show the oops path. */
int arch_debug_read32(unsigned long addr, u32 *val);
int arch_debug_write32(unsigned long addr, u32 val);

/* kprobes (arch/<arch>/kernel/kprobes.c). The arch keeps what it needs per
 * probed address behind struct arch_kprobe. */
struct arch_kprobe;
void arch_kprobes_init(void); /* hook the breakpoint trap; before any probe */
/* Decode the instruction at @addr and prepare to execute it out of line;
 * a negative errno and a user-facing *reason when it cannot be probed. */
struct kprobe;
/* @entry is what a hit calls (see kprobe_missed_hit()); the core changes
 * it with arch_kprobe_set_entry(), which returns false when the arch
 * cannot call that probe's handler directly (keep the old one then). */
int arch_prepare_kprobe(unsigned long addr, struct kprobe *entry, struct arch_kprobe **ap,
			const char **reason);
bool arch_kprobe_set_entry(struct arch_kprobe *ap, struct kprobe *entry);
/* Write the breakpoint, or with @optimize a jump to a detour when the
 * instruction allows it (no trap at all). */
void arch_arm_kprobe(struct arch_kprobe *ap, bool optimize);
bool arch_kprobe_optimized(const struct arch_kprobe *ap);
void arch_disarm_kprobe(struct arch_kprobe *ap); /* restore the original bytes */
/* Same, as the trap path's last resort: without patch_text() or anything
 * else it calls (the probe machinery hit its own breakpoint there). */
void arch_disarm_kprobe_now(struct arch_kprobe *ap);
void arch_restore_text_now(unsigned long addr, const void *bytes, size_t len);
/* @ap is on a function tracer's call site, armed as a branch to its
 * detour (an ftrace-based probe) whatever the optimization switch says:
 * @call tells whether the tracer wants the site to call it, so that each
 * hit records the function entry and disarming restores the call. 0, or a
 * negative errno when @ap is on no call site. */
int arch_kprobe_ftrace_set(struct arch_kprobe *ap, bool call);
/* Free slot and state; the core calls it only after quiescence. */
void arch_remove_kprobe(struct arch_kprobe *ap);
/* Whether the probed instruction may be skipped (ARM: it has a condition
 * code), and whether it would run now. The core runs handlers only for an
 * instruction that would run. */
bool arch_kprobe_may_skip(const struct arch_kprobe *ap);
bool arch_kprobe_would_run(struct arch_kprobe *ap, const struct pt_regs *regs);
/*
 * Execute the original instruction's effect on @regs, advancing the PC.
 * True when that is done on return (ARM always: it simulates or emulates
 * synchronously). False when the arch set up an asynchronous step: the
 * instruction runs when @regs are restored and the arch takes a second
 * trap when it has (x86: the copy runs with the trap flag, then #DB); the
 * core then marks this CPU as stepping, and the arch's trap for the
 * finished step fixes @regs up and calls kprobe_step_done() (which runs
 * the post handlers that waited) before returning to the probed code.
 */
bool arch_kprobe_single_step(struct arch_kprobe *ap, struct pt_regs *regs);
/* Same effect, but the arch may defer it: the instruction runs when @regs
 * are restored (ARM and x86 boosting: the trap returns into a copy that
 * branches back). For the trap path when no post handler needs the
 * result. An arch whose step ends in a later trap (x86's trap flag) sets
 * kprobe_cpu.stepping itself and calls kprobe_step_done() from that trap;
 * no return value, so the trap path stays a tail call on ARM. */
void __probecall arch_kprobe_resume(struct arch_kprobe *ap, struct pt_regs *regs);
/* Bytes a jump-optimized @ap replaces (from its address): the core keeps
 * every other probe out of that range while @ap is optimized, and keeps
 * @ap unoptimized while another probe is inside it. ARM: 4, one
 * instruction; x86: the whole instructions covering a 5-byte jmp; 0 when
 * @ap cannot be optimized. */
size_t arch_kprobe_opt_span(const struct arch_kprobe *ap);
/* The bytes the probe at @ap's address replaced (at most @len of them, as
 * many as the arch saved): for an arch that decodes a function with probes
 * in it (x86 finds instruction boundaries from the symbol start). */
size_t arch_kprobe_orig_bytes(const struct arch_kprobe *ap, u8 *buf, size_t len);
/*
 * Early probes (kernel/trace/early_events.c) keep no struct arch_kprobe:
 * @slot, a small instruction slot, and @saved, the bytes the breakpoint
 * replaces (at most KPROBE_SAVED_MAX; the arch knows how many), hold all
 * the arch needs. Prepare checks that the instruction at @addr can be
 * probed and copies the bytes its breakpoint will replace into @saved;
 * arm writes the breakpoint, and sync, called once after the last arm and
 * before any armed instruction may run, makes every write visible to
 * instruction fetch (until then only .noprobe.text code may run); a hit
 * asks whether the instruction would run, then resume executes it (now
 * or on the way out of the trap), filling @slot first when @first (the
 * probe's first hit). @saved holds the breakpoint's bytes only: an arch
 * whose breakpoint is shorter than the instruction (x86's one-byte int3)
 * reads the rest from the text, which the breakpoint left alone.
 */
#define KPROBE_SAVED_MAX 4
int arch_early_kprobe_prepare(unsigned long addr, void *slot, u8 *saved, size_t len,
			      const char **why);
void arch_early_kprobe_arm(unsigned long addr);
void arch_early_kprobes_sync(void);
bool arch_early_kprobe_would_run(const u8 *saved, size_t len, const struct pt_regs *regs);
/* As arch_kprobe_resume(), stepping included. */
void arch_early_kprobe_resume(unsigned long addr, const u8 *saved, size_t len, void *slot,
			      bool first, struct pt_regs *regs);
/* Arch address ranges that must never be probed (beyond .noprobe.text). */
int arch_kprobe_blacklisted(unsigned long addr, const char **why);
/* Whether @addr (inside a kernel function) starts an instruction this arch
 * probes: an instruction boundary, code rather than data in the text (a
 * literal pool), of the instruction set the decoder knows. 0, or a
 * negative errno and *why. */
int arch_kprobe_check_insn(unsigned long addr, const char **why);

/* kretprobes: at a function's entry, make it return to the trampoline,
 * which hands the registers to kretprobe_trampoline_handler()
 * (kernel/kretprobes.c). arch_kretprobe_divert(regs, sp), in
 * <asm/arch_inline.h> (inline where the arch can), returns the return
 * address it replaced, and the entry stack pointer in *sp (one call
 * instead of four accessors on every kretprobe hit). */
/* The same at a function tracer's call site, which the prologue precedes
 * (the probe of a traced function's entry sits there). */
unsigned long __probecall arch_kretprobe_divert_ftrace(struct pt_regs *regs,
						       unsigned long *sp);
/* The address functions return to once diverted. */
unsigned long arch_kretprobe_trampoline_addr(void);
/* Whether @regs is the frame the kretprobe trampoline built. */
bool arch_kretprobe_frame(const struct pt_regs *regs);

/* Restore every register of @frame (a trap, detour or trampoline frame)
 * and continue there, abandoning the current stack above it. */
void arch_resume_frame(struct pt_regs *frame) __noreturn;

/* Register frames */
unsigned long regs_get_pc(const struct pt_regs *regs);
unsigned long regs_get_sp(const struct pt_regs *regs);
/* Where the function entered at this probe will return to (ARM: lr). */
unsigned long regs_get_return_addr(const struct pt_regs *regs);
unsigned long regs_return_value(const struct pt_regs *regs);
/* Continue at @addr, an address as the ABI passes it (ARM: bit 0 set is
 * Thumb code). */
void regs_set_return_addr_pc(struct pt_regs *regs, unsigned long addr);
/* Register by number, as named by regs_register_index() ("r0".."pc"). */
unsigned long regs_get_register(const struct pt_regs *regs, unsigned int idx);
int regs_register_index(const char *name, size_t len);
/* The @n-th function argument (from 0) at function entry, per the ABI. */
int regs_get_argument(const struct pt_regs *regs, unsigned int n, unsigned long *val);
/* Byte offset in struct pt_regs of the word holding register @idx (as
 * regs_register_index() numbers them), or of function argument @n when it
 * is passed in a register; -1 otherwise. Fetch arguments resolved this way
 * read a register with one load on each hit. */
int regs_register_offset(unsigned int idx);
int regs_argument_offset(unsigned int n);
/* Byte offset from the stack pointer at function entry of argument @n
 * when the ABI passes it on the stack at a fixed place (i386 cdecl); -1
 * otherwise. Such arguments are read with one load per hit while they
 * lie in the page of sp (which the call itself wrote). */
int regs_argument_stack_offset(unsigned int n);
/* The @n-th word on the stack at the probe point. */
int regs_get_stack_nth(const struct pt_regs *regs, unsigned int n, unsigned long *val);
/*
 * The interrupted context's status word (ARM: CPSR, x86: EFLAGS) lies at
 * this byte offset in struct pt_regs: a build constant from the arch's
 * rules.mk (checked against the struct there), because every trace record
 * copies it, and a constant offset makes that one load. Whether such a
 * word has interrupts masked is the trace's irqs-off flag.
 */
#ifndef ARCH_REGS_STATUS_OFFSET
#error "the arch's rules.mk defines ARCH_REGS_STATUS_OFFSET"
#endif
static inline u32 regs_get_status(const struct pt_regs *regs)
{
	return *(const u32 *)((const u8 *)regs + ARCH_REGS_STATUS_OFFSET);
}
bool arch_status_irqs_off(u32 status);
void arch_show_regs(const struct pt_regs *regs);
/* Print a symbolized call chain starting at @regs (or the caller if NULL). */
void arch_dump_backtrace(const struct pt_regs *regs);

#endif
