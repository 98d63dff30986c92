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
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/string.h>
#include <asm/traps.h>
#include "../probes/decode.h"

#define STATIC_ARCH_PROBES 64 /* before the allocator is up */
#define INSN_LDR_PC_NEXT 0xe51ff004u /* ldr pc, [pc, #-4]: jump to the next word */

struct arch_kprobe {
	struct arm_probe_insn pi;
	u32 *addr;
	struct kprobe_site *site; /* the core's, handed to it from the detour */
	u32 *detour;    /* optimized-probe detour (a full slot), or NULL */
	u32 *boost;     /* small slot: the instruction + the way back, or NULL */
	bool optimized; /* currently armed as a branch to the detour */
	bool from_pool;
};

extern const u32 optprobe_template[], optprobe_template_call[], optprobe_template_insn[],
	optprobe_template_addr[], optprobe_template_arg[], optprobe_template_end[];

static void prepare_detour(struct arch_kprobe *ap);
static void prepare_boost(struct arch_kprobe *ap);
int optprobe_emulate(struct arch_kprobe *ap, struct pt_regs *regs);

static struct arch_kprobe pool[STATIC_ARCH_PROBES];
static bool pool_used[STATIC_ARCH_PROBES];

static struct arch_kprobe *ap_alloc(void)
{
	struct arch_kprobe *ap = kzalloc(sizeof(*ap));

	if (ap)
		return ap;
	for (int i = 0; i < STATIC_ARCH_PROBES; i++) {
		if (!pool_used[i]) {
			pool_used[i] = true;
			memset(&pool[i], 0, sizeof(pool[i]));
			pool[i].from_pool = true;
			return &pool[i];
		}
	}
	return NULL;
}

static void ap_free(struct arch_kprobe *ap)
{
	if (ap->from_pool)
		pool_used[ap - pool] = false;
	else
		kfree(ap);
}

int arch_prepare_kprobe(unsigned long addr, struct kprobe_site *site, struct arch_kprobe **app,
			const char **reason, bool early)
{
	struct arch_kprobe *ap;
	u32 insn = *(const u32 *)addr;
	int ret;

	if (insn == KPROBE_BREAKPOINT) {
		*reason = "instruction is already a probe breakpoint";
		return -EBUSY;
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
	ap->site = site;
	/* Early probes stay plain traps in as few static bytes as possible
	 * until the handover: no boost slot, no detour yet. */
	if (!early) {
		prepare_boost(ap);
		if (ap->pi.optimizable)
			prepare_detour(ap);
	}
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

static void prepare_detour(struct arch_kprobe *ap)
{
	u32 code[INSN_SLOT_SIZE / 4];
	size_t words = (size_t)(optprobe_template_end - optprobe_template);
	size_t call = (size_t)(optprobe_template_call - optprobe_template);
	size_t insn = (size_t)(optprobe_template_insn - optprobe_template);
	size_t addr = (size_t)(optprobe_template_addr - optprobe_template);
	size_t arg = (size_t)(optprobe_template_arg - optprobe_template);
	bool native = ap->pi.native;
	u32 *slot, back;

	if (words * 4 > sizeof(code))
		return;
	slot = insn_slot_alloc();
	if (!slot)
		return; /* stays a trap probe */
	memcpy(code, optprobe_template, words * 4);
	/* Native: the core runs the handlers and the detour the instruction.
	 * Otherwise optprobe_emulate() does both and the detour only returns. */
	if (!branch_insn(0xeb000000u, &slot[call], native ? (const void *)kprobe_site_hit :
			 (const void *)optprobe_emulate, &code[call]) ||
	    !branch_insn(0xea000000u, ap->addr, slot, &back)) {
		insn_slot_free(slot);
		return;
	}
	code[insn] = ap->pi.insn;
	jump_back(&code[insn + 1], &slot[insn + 1], ap->addr + 1);
	code[addr] = (u32)(uintptr_t)ap->addr;
	code[arg] = native ? (u32)(uintptr_t)ap->site : (u32)(uintptr_t)ap;
	if (insn_slot_write(slot, code, words * 4)) {
		insn_slot_free(slot);
		return;
	}
	ap->detour = slot;
}

/* The detour of a probe whose instruction uses the PC: run the handlers,
 * then the instruction through arch/arm/probes/ on the frame. Always
 * "regs are final": the detour reloads everything, pc included. */
int optprobe_emulate(struct arch_kprobe *ap, struct pt_regs *regs)
{
	if (!kprobe_site_hit(ap->site, regs))
		arm_probe_execute(&ap->pi, regs);
	return 1;
}

void arch_kprobe_relocate(struct arch_kprobe *ap)
{
	void *old = ap->pi.slot;

	if (old && insn_slot_is_static(old)) {
		void *slot = insn_slot_alloc_small();

		/* The slot code is position independent (PC uses are
		 * simulated, never copied): a byte copy is a valid move. */
		if (slot && !insn_slot_is_static(slot) &&
		    insn_slot_write(slot, old, INSN_SMALL_SLOT_SIZE) == 0) {
			ap->pi.slot = slot;
			insn_slot_free(old);
		} else if (slot) {
			insn_slot_free(slot);
		}
	}
	prepare_boost(ap);
	if (ap->pi.optimizable && !ap->detour)
		prepare_detour(ap);
}

void arch_arm_kprobe(struct arch_kprobe *ap, bool optimize)
{
	u32 insn = KPROBE_BREAKPOINT;

	ap->optimized = optimize && ap->detour &&
			branch_insn(0xea000000u, ap->addr, ap->detour, &insn);
	if (!ap->optimized)
		insn = KPROBE_BREAKPOINT;
	patch_text(ap->addr, &insn, 4);
}

bool arch_kprobe_optimized(const struct arch_kprobe *ap)
{
	return ap->optimized;
}

void arch_disarm_kprobe(struct arch_kprobe *ap)
{
	patch_text(ap->addr, &ap->pi.insn, 4);
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

bool arch_kprobe_conditional(const struct arch_kprobe *ap)
{
	return (ap->pi.insn >> 28) < 14; /* 1110 AL, 1111 unconditional space */
}

bool arch_kprobe_cond_passes(struct arch_kprobe *ap, const struct pt_regs *regs)
{
	u32 f = regs->cpsr;
	bool n = f >> 31 & 1, z = f >> 30 & 1, c = f >> 29 & 1, v = f >> 28 & 1;
	bool pass;

	switch (ap->pi.insn >> 29) {
	case 0: pass = z; break;
	case 1: pass = c; break;
	case 2: pass = n; break;
	case 3: pass = v; break;
	case 4: pass = c && !z; break;
	case 5: pass = n == v; break;
	case 6: pass = !z && n == v; break;
	default: return true; /* AL, and the unconditional space */
	}
	/* odd condition codes are the inverse of the even one below them */
	return (ap->pi.insn >> 28) & 1 ? !pass : pass;
}

void arch_kprobe_single_step(struct arch_kprobe *ap, struct pt_regs *regs)
{
	arm_probe_execute(&ap->pi, regs);
}

void arch_kprobe_resume(struct arch_kprobe *ap, struct pt_regs *regs)
{
	/* The exception return lands on the copy, which branches back: the
	 * condition, if any, is the CPU's business again. */
	if (ap->boost)
		regs->ARM_pc = (u32)(uintptr_t)ap->boost;
	else
		arm_probe_execute(&ap->pi, regs);
}

int arch_kprobe_blacklisted(unsigned long addr, const char **why)
{
	(void)addr;
	(void)why;
	return 0; /* everything arch-specific lives in .noprobe.text */
}

void kretprobe_trampoline(void);

unsigned long arch_kretprobe_trampoline(void)
{
	return (unsigned long)kretprobe_trampoline;
}

void arch_kprobes_init(void)
{
	/* Nothing to hook: do_undefinstr() tests for KPROBE_BREAKPOINT before
	 * any registered hook, and the kretprobe trampoline is plain code
	 * (kretprobe_trampoline.S) that never traps. */
}
