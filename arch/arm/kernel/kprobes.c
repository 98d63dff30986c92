/*
 * ARM side of kprobes: the breakpoint is a permanently undefined
 * instruction, which do_undefinstr() hands straight to the core; the probed
 * instruction is decoded, simulated or executed out of line by
 * arch/arm/probes/.
 *
 * What runs after the handlers decides most of a hit's cost. An
 * instruction that neither reads nor writes the PC (pi.native) runs
 * unmodified: the trap returns into a small "boost" slot holding the
 * instruction and a branch back, and an optimized probe's detour restores
 * the registers and executes its own copy. Only the rest is simulated or
 * run renamed through arch/arm/probes/.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/insn_slots.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include <asm/cp15.h>
#include <asm/ftrace.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include "../probes/decode.h"

#define INSN_LDR_PC_NEXT 0xe51ff004u /* ldr pc, [pc, #-4]: jump to the next word */

struct arch_kprobe {
	struct arm_probe_insn pi;
	u32 *addr;
	struct kprobe *entry; /* what a hit calls (kprobe_missed_hit()) */
	u32 *detour;    /* optimized-probe detour (a full slot), or NULL */
	u8 sp_mod8; /* sp modulo 8 there when known (0 or 4), else SP_UNKNOWN */
	u32 *boost;     /* small slot: the instruction + the way back, or NULL */
	u32 *resume;    /* @boost when a trap may return into it (not at a
			 * traced call site, whose hits record first) */
	bool optimized; /* currently armed as a branch to the detour */
	/* The detour was reachable since it was built (the site branched
	 * to it): some CPU may be inside it until a grace period passes, so
	 * it is never rewritten (rebuild_detour()). */
	bool detour_live;
	/* On a function tracer's call site: the instruction is the site's
	 * NOP, and with @ftrace_call the tracer wants the site to call it,
	 * so a hit records the function entry before the NOP runs and
	 * disarming puts the call back. */
	bool ftrace_site;
	bool ftrace_call;
};

extern const u32 optprobe_template[], optprobe_template_call[], optprobe_template_tail[],
	optprobe_template_missed[], optprobe_template_lits[], optprobe_template_entry[],
	optprobe_template_end[], optprobe_template_fentry[], optprobe_template_fentry_call[],
	optprobe_template_fentry_tail[], optprobe_template_fentry_missed[],
	optprobe_template_fentry_lits[], optprobe_template_fentry_entry[],
	optprobe_template_fentry_end[], optprobe_template_odd[], optprobe_template_odd_call[],
	optprobe_template_odd_tail[], optprobe_template_odd_missed[], optprobe_template_odd_lits[],
	optprobe_template_odd_entry[], optprobe_template_odd_end[], optprobe_emul_tail[],
	optprobe_emul_tail_end[],
	optprobe_missed_aligned[], optprobe_emulate_aligned[];

/* A detour template (optprobe_template.S) by word index of its labels. */
struct detour_layout {
	const u32 *code;
	size_t call, tail, missed, lits, entry, end;
};

#define LAYOUT(t)                                                                  \
	{ t, (size_t)(t##_call - t), (size_t)(t##_tail - t), (size_t)(t##_missed - t), \
	  (size_t)(t##_lits - t), (size_t)(t##_entry - t), (size_t)(t##_end - t) }

#define SP_UNKNOWN 1

/* Inside a function the stack is aligned for the call; where sp modulo 8
 * is known (a function's first instruction, a call site), the frame is
 * placed aligned instead: two instructions fewer. */
static struct detour_layout layout(u8 sp_mod8)
{
	if (sp_mod8 == 0)
		return (struct detour_layout)LAYOUT(optprobe_template_fentry);
	if (sp_mod8 == 4)
		return (struct detour_layout)LAYOUT(optprobe_template_odd);
	return (struct detour_layout)LAYOUT(optprobe_template);
}

static void prepare_detour(struct arch_kprobe *ap);
static void prepare_boost(struct arch_kprobe *ap);
void optprobe_emulate(struct arch_kprobe *ap, struct pt_regs *regs);

static struct arch_kprobe *ap_alloc(void)
{
	return kzalloc(sizeof(struct arch_kprobe));
}

static void ap_free(struct arch_kprobe *ap)
{
	kfree(ap);
}

/* An A32 instruction from the bytes a breakpoint replaces (all four). */
static u32 saved_insn(const u8 *saved, size_t len)
{
	u32 insn = 0;

	memcpy(&insn, saved, MIN(len, sizeof(insn)));
	return insn;
}

int arch_prepare_kprobe(unsigned long addr, struct kprobe *entry, struct arch_kprobe **app,
			const char **reason)
{
	u8 saved[KPROBE_SAVED_MAX];
	struct arch_kprobe *ap;
	u32 insn = *(const u32 *)addr;
	int ret;

	int site = ftrace_site_index(addr);

	/* A call site the function tracer controls (kernel/kprobes.c made
	 * sure): its instruction is the NOP, whatever the tracer or an early
	 * breakpoint put there. */
	if (site >= 0) {
		if (insn != ARM_NOP_POP_LR && insn != arm_ftrace_call(addr) &&
		    !(insn == KPROBE_BREAKPOINT && kprobe_early_orig_insn(addr, saved, sizeof(saved)))) {
			*reason = "the call site holds neither the tracer's call nor its NOP";
			return -EBUSY;
		}
		insn = ARM_NOP_POP_LR;
	} else if (insn == KPROBE_BREAKPOINT) {
		/* An early probe's breakpoint: the probe being registered
		 * takes over its site (the handover), starting from what it
		 * replaced. */
		if (!kprobe_early_orig_insn(addr, saved, sizeof(saved))) {
			*reason = "instruction is already a probe breakpoint";
			return -EBUSY;
		}
		insn = saved_insn(saved, sizeof(saved));
	}
	ap = ap_alloc();
	if (!ap) {
		*reason = "no memory for the probe's instruction state";
		return -ENOMEM;
	}
	ret = arm_probe_decode(insn, addr, &ap->pi, reason);
	if (ret) {
		ap_free(ap);
		return ret;
	}
	ap->addr = (u32 *)addr;
	ap->entry = entry;
	ap->ftrace_site = site >= 0;
	ap->ftrace_call = site >= 0 && ftrace_site_traced((u32)site);
	prepare_boost(ap);
	ap->resume = ap->ftrace_call ? NULL : ap->boost;
	if (ap->pi.optimizable)
		prepare_detour(ap);
	*app = ap;
	return 0;
}

/* B/BL from @from to @to; false when out of the +-32 MiB reach. */
static bool branch_insn(u32 op, const void *from, const void *to, u32 *insn)
{
	s32 off = (s32)((uintptr_t)to - ((uintptr_t)from + 8));

	if (off < -(32 << 20) || off >= (32 << 20))
		return false;
	*insn = op | (((u32)off >> 2) & 0x00ffffffu);
	return true;
}

/* The way back to @ret at code[0] (and code[1]); returns the words used.
 * Both forms leave every register alone. */
static size_t jump_back(u32 *code, const void *at, const void *ret)
{
	if (branch_insn(0xea000000u, at, ret, &code[0]))
		return 1;
	code[0] = INSN_LDR_PC_NEXT;
	code[1] = (u32)(uintptr_t)ret;
	return 2;
}

static void prepare_boost(struct arch_kprobe *ap)
{
	u32 code[INSN_SMALL_SLOT_SIZE / 4];
	u32 *slot;
	size_t n;

	if (!ap->pi.native || ap->boost)
		return;
	slot = insn_slot_alloc_small();
	if (!slot)
		return; /* executed through arch/arm/probes/ instead */
	code[0] = ap->pi.insn;
	n = 1 + jump_back(&code[1], &slot[1], ap->addr + 1);
	if (insn_slot_write(slot, code, n * 4)) {
		insn_slot_free(slot);
		return;
	}
	ap->boost = slot;
}

#define EMUL_WORDS ((size_t)(optprobe_emul_tail_end - optprobe_emul_tail))
#define EMUL_CALL 2 /* the bl in optprobe_emul_tail */

/* The detour's call of entry->pre_handler, as it sits at @slot. */
static bool entry_call(const struct detour_layout *lay, const u32 *slot,
		       const struct kprobe *entry, u32 *insn)
{
	return branch_insn(0xeb000000u, &slot[lay->call], (const void *)entry->pre_handler, insn);
}

/*
 * The detour's tail at @slot: the native one (the instruction itself, then
 * the way back) or, for an instruction that uses the PC or a call site
 * whose function is also traced, the call of optprobe_emulate(). Its
 * literal load reaches the entry word: the same distance from the tail in
 * every layout. Both are EMUL_WORDS long.
 */
static bool detour_tail(const struct arch_kprobe *ap, const struct detour_layout *lay,
			const u32 *slot, u32 *code)
{
	size_t tail = lay->tail;

	if (ap->pi.native && !ap->ftrace_call) {
		memcpy(code, &lay->code[tail], EMUL_WORDS * 4);
		code[2] = ap->pi.insn;
		return branch_insn(0xea000000u, &slot[tail + 3], ap->addr + 1, &code[3]);
	}
	memcpy(code, optprobe_emul_tail, EMUL_WORDS * 4);
	return branch_insn(0xeb000000u, &slot[tail + EMUL_CALL],
			   (const void *)optprobe_emulate_aligned, &code[EMUL_CALL]);
}

/* sp modulo 8 at @ap's instruction whatever the path there, when known:
 * 0 at a function's first one (AAPCS), at a call site what its prologue
 * makes it (scripts/mcount.c's parity); else SP_UNKNOWN. */
static u8 sp_mod8(const struct arch_kprobe *ap)
{
	int site = ftrace_site_index((unsigned long)ap->addr);

	if (site >= 0)
		return (ftrace_site_odd[site / 32] >> (site % 32)) & 1 ? 4 : 0;
	return kallsyms_is_function_start((unsigned long)ap->addr) ? 0 : SP_UNKNOWN;
}

/* @ap's detour (its entry, its tail) written into @slot; false when a
 * branch is out of reach. */
static bool write_detour(const struct arch_kprobe *ap, u32 *slot)
{
	struct detour_layout l = layout(ap->sp_mod8), *lay = &l;
	u32 code[INSN_SLOT_SIZE / 4];
	size_t words = lay->end;
	u32 back;

	if (words * 4 > sizeof(code))
		return false;
	memcpy(code, lay->code, words * 4);
	if (!entry_call(lay, slot, ap->entry, &code[lay->call]) ||
	    !branch_insn(0xeb000000u, &slot[lay->missed], (const void *)optprobe_missed_aligned,
			 &code[lay->missed]) ||
	    !branch_insn(0xea000000u, ap->addr, slot, &back) ||
	    !detour_tail(ap, lay, slot, &code[lay->tail]))
		return false;
	code[lay->lits] = (u32)(uintptr_t)&kprobe_cpu; /* CPU 0's: + TPIDRPRW */
	code[lay->lits + 1] = (u32)(uintptr_t)ap->addr;
	code[lay->entry] = (u32)(uintptr_t)ap->entry;
	code[lay->entry + 1] = (u32)(uintptr_t)ap; /* the emulating tail's */
	return insn_slot_write(slot, code, words * 4) == 0;
}

/* A new detour for @ap, NULL when none can be had. */
static u32 *build_detour(const struct arch_kprobe *ap)
{
	u32 *slot = insn_slot_alloc();

	if (slot && !write_detour(ap, slot)) {
		insn_slot_free(slot);
		slot = NULL;
	}
	return slot;
}

static void prepare_detour(struct arch_kprobe *ap)
{
	ap->sp_mod8 = sp_mod8(ap);
	ap->detour = build_detour(ap); /* NULL: stays a trap probe */
}

/*
 * @ap's detour after a change of its entry or tail (the core's callers
 * hold its lock). A detour no CPU could have entered yet is rewritten in
 * place; a live one may be running on another CPU (its tail runs with
 * interrupts on, a hit's handler may be the one changing its site), so a
 * new one takes its place: the site's branch moves to it in one
 * rendezvous, and the old one is freed after a grace period. Without a
 * free slot the site falls back to a trap and loses its detour.
 */
static void rebuild_detour(struct arch_kprobe *ap)
{
	u32 *old = ap->detour, *fresh, insn;

	if (!old)
		return;
	if (!ap->detour_live) {
		if (!write_detour(ap, old)) {
			insn_slot_free(old);
			ap->detour = NULL;
		}
		return;
	}
	fresh = build_detour(ap);
	ap->detour = fresh;
	ap->detour_live = false;
	if (ap->optimized) {
		if (fresh && branch_insn(0xea000000u, ap->addr, fresh, &insn)) {
			ap->detour_live = true;
		} else {
			insn = KPROBE_BREAKPOINT;
			ap->optimized = false;
		}
		patch_text(ap->addr, &insn, 4);
	}
	insn_slot_free_after_quiescence(old);
}

/*
 * Point the detour's call at another entry probe. A hit whose handler is
 * running right now (it may be the one changing its site) returns through
 * the detour it entered, which stays until a grace period passed.
 */
bool arch_kprobe_set_entry(struct arch_kprobe *ap, struct kprobe *entry)
{
	/* Even for the same probe: its handler, which the call names, may
	 * have changed (kprobe_set_pre_handler()). */
	ap->entry = entry;
	rebuild_detour(ap);
	return true;
}

/* The probed instruction's effect on @regs; at a traced call site the
 * function tracer's entry first, as the call there would have made it
 * (the parent is the word the site's push {lr} stored). Out of line: the
 * trap's common path stays a tail call. */
static __noinline void execute(struct arch_kprobe *ap, struct pt_regs *regs)
{
	if (ap->ftrace_call)
		ftrace_record_function((unsigned long)ap->addr, *(const u32 *)regs->ARM_sp,
				       regs->cpsr);
	arm_probe_execute(&ap->pi, regs);
}

/* The detour tail of a probe whose instruction uses the PC (or of a traced
 * call site): the handlers have run (and left the PC alone); run the
 * instruction on the frame. @ap comes from the detour itself: the entry
 * probe's site is cleared as soon as it is unregistered, while a hit may
 * still be on its way here (its handler did it, or another CPU), and @ap
 * lives until the grace period after that. */
void optprobe_emulate(struct arch_kprobe *ap, struct pt_regs *regs)
{
	execute(ap, regs);
}
NOPROBE_ROOT(optprobe_emulate); /* called by the detours */

/*
 * The function tracer wants (@call) or no longer wants the site of @ap to
 * call it (kernel/kprobes.c's fixer, interrupts masked): a hit records the
 * entry from now on, the detour's tail changes between the native NOP and
 * the emulation that records, and disarming restores that call.
 */
int arch_kprobe_ftrace_set(struct arch_kprobe *ap, bool call)
{
	if (!ap->ftrace_site)
		return -EINVAL;
	if (ap->ftrace_call == call)
		return 0;
	ap->ftrace_call = call;
	ap->resume = call ? NULL : ap->boost;
	rebuild_detour(ap);
	return 0;
}

/* The instruction an unprobed site of @ap holds. */
static u32 unprobed_insn(const struct arch_kprobe *ap)
{
	return ap->ftrace_call ? arm_ftrace_call((unsigned long)ap->addr) : ap->pi.insn;
}

void arch_arm_kprobe(struct arch_kprobe *ap, bool optimize)
{
	u32 insn = KPROBE_BREAKPOINT;

	/* The tracer may have changed the disarmed site since. */
	if (ap->ftrace_site && *ap->addr != unprobed_insn(ap) &&
	    (*ap->addr == arm_ftrace_call((unsigned long)ap->addr) ||
	     *ap->addr == ap->pi.insn))
		arch_kprobe_ftrace_set(ap, !ap->ftrace_call);

	ap->optimized = optimize && ap->detour &&
			branch_insn(0xea000000u, ap->addr, ap->detour, &insn);
	if (!ap->optimized)
		insn = KPROBE_BREAKPOINT;
	else
		ap->detour_live = true;
	patch_text(ap->addr, &insn, 4);
}
NOPROBE_ROOT(arch_arm_kprobe);

bool arch_kprobe_optimized(const struct arch_kprobe *ap)
{
	return ap->optimized;
}

void arch_disarm_kprobe(struct arch_kprobe *ap)
{
	u32 insn = unprobed_insn(ap);

	patch_text(ap->addr, &insn, 4);
	ap->optimized = false;
}
NOPROBE_ROOT(arch_disarm_kprobe);

void arch_disarm_kprobe_now(struct arch_kprobe *ap)
{
	u32 insn = unprobed_insn(ap);

	arch_restore_text_now((unsigned long)ap->addr, &insn, sizeof(insn));
	ap->optimized = false;
}

void arch_remove_kprobe(struct arch_kprobe *ap)
{
	if (ap->detour)
		insn_slot_free(ap->detour);
	if (ap->boost)
		insn_slot_free(ap->boost);
	arm_probe_release(&ap->pi);
	ap_free(ap);
}

bool arch_kprobe_may_skip(const struct arch_kprobe *ap)
{
	return (ap->pi.insn >> 28) < 14; /* 1110 AL, 1111 unconditional space */
}

bool arch_kprobe_would_run(struct arch_kprobe *ap, const struct pt_regs *regs)
{
	return arm_condition_passed(ap->pi.insn >> 28, regs->cpsr);
}

/* Always synchronous on ARM: simulated, emulated, or a boost copy that
 * branches back. */
bool arch_kprobe_single_step(struct arch_kprobe *ap, struct pt_regs *regs)
{
	execute(ap, regs);
	return true;
}

void arch_kprobe_resume(struct arch_kprobe *ap, struct pt_regs *regs)
{
	/* The exception return lands on the copy, which branches back: the
	 * condition, if any, is the CPU's business again. */
	if (ap->resume)
		regs->ARM_pc = (u32)(uintptr_t)ap->resume;
	else
		execute(ap, regs);
}

/* One aligned instruction: no other probe can be inside it. */
size_t arch_kprobe_opt_span(const struct arch_kprobe *ap)
{
	return ap->detour ? 4 : 0;
}

size_t arch_kprobe_orig_bytes(const struct arch_kprobe *ap, u8 *buf, size_t len)
{
	u32 insn = unprobed_insn(ap);

	len = MIN(len, sizeof(insn));
	memcpy(buf, &insn, len);
	return len;
}

int arch_kprobe_check_insn(unsigned long addr, const char **why)
{
	if (addr & 3) {
		*why = "offset is not on an instruction boundary";
		return -EILSEQ;
	}
	/* The ELF mapping symbols, kept by kallsyms: a breakpoint on a
	 * literal would change a constant, not trap. */
	switch (kallsyms_text_kind(addr)) {
	case 'd':
		*why = "address is data in the text (a literal pool), not an instruction";
		return -EILSEQ;
	case 't':
		*why = "address is Thumb code (only ARM code is probed)";
		return -EILSEQ;
	default:
		return 0;
	}
}

int arch_kprobe_blacklisted(unsigned long addr, const char **why)
{
	(void)addr;
	(void)why;
	return 0; /* everything arch-specific lives in .noprobe.text */
}

/*
 * Early probes keep no struct arch_kprobe (kernel/trace/early_events.c
 * has 60 bytes per probe): the small static @slot holds all a hit needs,
 * and the instruction is decoded again on each hit (early hits are few).
 * A native instruction gets a boost copy the trap returns into; the others
 * keep what arm_probe_decode wrote there (a renamed copy) or nothing
 * (simulated).
 */
int arch_early_kprobe_prepare(unsigned long addr, void *slot, u8 *saved, size_t len,
			      const char **why)
{
	u32 insn = *(const u32 *)addr;
	/* Whether an instruction can be probed depends on its encoding alone
	 * (and alignment), and a boot's probes sit on few distinct ones
	 * (function entries: push, mov, sub sp): remember those accepted in
	 * a small direct-mapped table instead of decoding each again. */
	static u32 accepted[16];
	u32 *memo = &accepted[(insn ^ insn >> 16 ^ insn >> 24) & 15];
	struct arm_probe_insn pi;
	int ret;

	if (len < sizeof(insn)) {
		*why = "no room for the instruction";
		return -EINVAL;
	}
	/* Byte stores (little-endian, as memcpy would): @saved may be
	 * unaligned, so with -mno-unaligned-access even __builtin_memcpy()
	 * is a call (~25 instructions a probe at early arming). */
	for (unsigned int i = 0; i < sizeof(insn); i++)
		saved[i] = (u8)(insn >> (8 * i));
	if (*memo == insn && insn && !(addr & 3))
		return 0;
	/* Only the check: the slot is filled on the first hit (most early
	 * probes never fire before the handover gives them dynamic slots). */
	ret = arm_probe_decode_in(insn, addr, &pi, slot, true, why);
	if (!ret)
		*memo = insn;
	return ret;
}

/* The slot's code: a boost copy for a native instruction, the renamed copy
 * for one run out of line, nothing for a simulated one. */
static void early_fill_slot(unsigned long addr, u32 insn, void *slot)
{
	struct arm_probe_insn pi;
	u32 code[INSN_SMALL_SLOT_SIZE / 4];
	const char *why;

	if (arm_probe_decode_in(insn, addr, &pi, slot, true, &why))
		return;
	if (!pi.native) {
		arm_probe_decode_in(insn, addr, &pi, slot, false, &why);
		return;
	}
	code[0] = insn;
	jump_back(&code[1], (u32 *)slot + 1, (u32 *)addr + 1);
	insn_slot_write(slot, code, sizeof(code));
}

/*
 * Early breakpoints go in as a batch (early_events_arm()): each write is
 * cleaned to the point of unification here (the D-cache is off at boot,
 * but a loader may have left the line in it), and arch_early_kprobes_sync()
 * then invalidates the whole I-cache and the branch predictor once rather
 * than by line after every probe: a thousand probes cost a thousand stores
 * and cleans, not a thousand maintenance sequences. This is right only
 * because no patched instruction can run before the sync: IRQs are masked
 * since reset, one CPU runs, and only unprobeable code (.noprobe.text:
 * the loop and this file) executes from the first write to the sync.
 */
void arch_early_kprobe_arm(unsigned long addr)
{
	u32 insn = KPROBE_BREAKPOINT;

	if (arch_mmu_enabled()) { /* text is read-only now: through the alias */
		patch_text((void *)addr, &insn, 4);
		return;
	}
	WRITE_ONCE(*(u32 *)addr, insn); /* one store: never half-written */
	write_dccmvau((u32)addr);
}
NOPROBE_ROOT(arch_early_kprobe_arm);

void arch_early_kprobes_sync(void)
{
	dsb();		  /* the cleans complete before the I-side sees them */
	write_iciallu(0); /* every line: cheaper than by address for many */
	write_bpiall(0);
	dsb();
	isb(); /* and this CPU fetches afresh from here on */
}
NOPROBE_ROOT(arch_early_kprobes_sync);

bool arch_early_kprobe_would_run(const u8 *saved, size_t len, const struct pt_regs *regs)
{
	struct arch_kprobe ap = { .pi.insn = saved_insn(saved, len) };

	return arch_kprobe_would_run(&ap, regs);
}

void arch_early_kprobe_resume(unsigned long addr, const u8 *saved, size_t len, void *slot,
			      bool first, struct pt_regs *regs)
{
	u32 insn = saved_insn(saved, len);
	struct arm_probe_insn pi;
	const char *why;

	if (first)
		early_fill_slot(addr, insn, slot);
	if (arm_probe_decode_in(insn, addr, &pi, slot, true, &why))
		return; /* cannot happen: it decoded when armed */
	if (pi.native)
		regs->ARM_pc = (u32)(uintptr_t)slot;
	else
		arm_probe_execute(&pi, regs);
}
NOPROBE_ROOT(arch_early_kprobe_resume);

int regs_register_offset(unsigned int idx)
{
	return idx < 16 ? (int)__builtin_offsetof(struct pt_regs, uregs[idx]) : -1;
}

int regs_argument_offset(unsigned int n)
{
	return n < 4 ? regs_register_offset(n) : -1; /* AAPCS: r0-r3, then the stack */
}

/* Stack arguments sit above a traced function's prologue frame, which
 * differs per site (regs_get_argument()): no fixed offset. */
int regs_argument_stack_offset(unsigned int n)
{
	(void)n;
	return -1;
}

_Static_assert(ARCH_FRAME_SP_WORD * 4 == S_SP && ARCH_FRAME_LR_WORD * 4 == S_LR,
	       "arch_kretprobe_divert() (asm/arch_inline.h) reads the frame by word");

/*
 * A kretprobe at a function tracer's call site, after the prologue: the
 * function returns through the return address its prologue saved, or,
 * when the prologue keeps it in lr, through the word at sp that the
 * site's NOP pops into lr; scripts/mcount.c says which for every site.
 * The entry sp lies the prologue's frame above.
 */
unsigned long arch_kretprobe_divert_ftrace(struct pt_regs *regs, unsigned long *sp)
{
	int site = ftrace_site_index(regs->ARM_pc);
	u32 *slot, ret;

	if (site < 0) /* not a site after all: the entry's rule */
		return arch_kretprobe_divert(regs, sp);
	*sp = regs->ARM_sp + ftrace_site_frame[site];
	slot = (u32 *)(regs->ARM_sp + (ftrace_site_lr[site] ? ftrace_site_lr[site] : 0));
	ret = *slot;
	*slot = (u32)(uintptr_t)kretprobe_trampoline;
	regs->ARM_lr = (u32)(uintptr_t)kretprobe_trampoline;
	return ret;
}

unsigned long arch_kretprobe_trampoline_addr(void)
{
	return (unsigned long)kretprobe_trampoline;
}

bool arch_kretprobe_frame(const struct pt_regs *regs)
{
	return regs->ARM_pc == (u32)(uintptr_t)kretprobe_trampoline;
}

void arch_kprobes_init(void)
{
	/* Nothing to hook: do_undefinstr() tests for KPROBE_BREAKPOINT before
	 * any registered hook, and the kretprobe trampoline is plain code
	 * (kretprobe_trampoline.S) that never traps. */
}
