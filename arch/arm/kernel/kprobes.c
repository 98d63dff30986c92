/*
 * ARM side of kprobes: the breakpoint is a permanently undefined
 * instruction, claimed by an undefined-instruction hook that hands the trap
 * to the core; the probed instruction is decoded, simulated or executed out
 * of line by arch/arm/probes/.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/string.h>
#include <asm/traps.h>
#include "../probes/decode.h"

#define KPROBE_BREAKPOINT 0xe7f001f8u /* UDF #0x18 */
#define STATIC_ARCH_PROBES 64        /* before the allocator is up */

struct arch_kprobe {
	struct arm_probe_insn pi;
	u32 *addr;
	u32 *detour;    /* optimized-probe detour (an insn slot), or NULL */
	bool optimized; /* currently armed as a branch to the detour */
	bool from_pool;
};

extern const u32 optprobe_template[], optprobe_template_call[], optprobe_template_addr[],
	optprobe_template_end[];

static void prepare_detour(struct arch_kprobe *ap);
void optprobe_callback(struct pt_regs *regs);

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

int arch_prepare_kprobe(unsigned long addr, struct arch_kprobe **app, const char **reason,
			bool early)
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
	/* Early probes stay traps until the handover; no detour yet. */
	if (ap->pi.optimizable && !early)
		prepare_detour(ap);
	*app = ap;
	return 0;
}

/* B/BL from @from to @to (both in kernel text: always within +-32 MiB). */
static u32 branch_insn(u32 op, const void *from, const void *to)
{
	s32 off = (s32)((uintptr_t)to - ((uintptr_t)from + 8));

	return op | (((u32)off >> 2) & 0x00ffffffu);
}

static void prepare_detour(struct arch_kprobe *ap)
{
	u32 code[INSN_SLOT_SIZE / 4];
	size_t words = (size_t)(optprobe_template_end - optprobe_template);
	size_t call = (size_t)(optprobe_template_call - optprobe_template);
	size_t lit = (size_t)(optprobe_template_addr - optprobe_template);
	u32 *slot;

	if (words * 4 > sizeof(code))
		return;
	slot = insn_slot_alloc();
	if (!slot)
		return; /* stays a trap probe */
	memcpy(code, optprobe_template, words * 4);
	code[call] = branch_insn(0xeb000000u, &slot[call], optprobe_callback);
	code[lit] = (u32)(uintptr_t)ap->addr;
	if (insn_slot_write(slot, code, words * 4)) {
		insn_slot_free(slot);
		return;
	}
	ap->detour = slot;
}

void arch_kprobe_relocate(struct arch_kprobe *ap)
{
	void *old = ap->pi.slot;

	if (old && insn_slot_is_static(old)) {
		void *slot = insn_slot_alloc();

		/* The slot code is position independent (PC uses are
		 * simulated, never copied): a byte copy is a valid move. */
		if (slot && !insn_slot_is_static(slot) &&
		    insn_slot_write(slot, old, INSN_SLOT_SIZE) == 0) {
			ap->pi.slot = slot;
			insn_slot_free(old);
		} else if (slot) {
			insn_slot_free(slot);
		}
	}
	if (ap->pi.optimizable && !ap->detour)
		prepare_detour(ap);
}

void optprobe_callback(struct pt_regs *regs)
{
	unsigned long flags = arch_irq_save();

	kprobe_handle_trap(regs);
	arch_irq_restore(flags);
}

void arch_arm_kprobe(struct arch_kprobe *ap, bool optimize)
{
	u32 insn = KPROBE_BREAKPOINT;

	ap->optimized = optimize && ap->detour;
	if (ap->optimized)
		insn = branch_insn(0xea000000u, ap->addr, ap->detour);
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
	arm_probe_release(&ap->pi);
	ap_free(ap);
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

int arch_kprobe_blacklisted(unsigned long addr, const char **why)
{
	(void)addr;
	(void)why;
	return 0; /* everything arch-specific lives in .noprobe.text */
}

static int kprobe_trap(struct pt_regs *regs, u32 instr)
{
	(void)instr;
	return kprobe_handle_trap(regs);
}

static struct undef_hook kprobe_hook = {
	.instr_mask = 0xffffffffu,
	.instr_val = KPROBE_BREAKPOINT,
	.cpsr_mask = 0x1f,
	.cpsr_val = 0x13, /* SVC mode: all kernel code runs there */
	.fn = kprobe_trap,
};

#define KRETPROBE_TRAP 0xe7f001f9u /* UDF #0x19, in kretprobe_trampoline */

void kretprobe_trampoline(void);

unsigned long arch_kretprobe_trampoline(void)
{
	return (unsigned long)kretprobe_trampoline;
}

static int kretprobe_trap(struct pt_regs *regs, u32 instr)
{
	(void)instr;
	if (regs->ARM_pc != (u32)arch_kretprobe_trampoline())
		return -1;
	regs->ARM_pc = (u32)kretprobe_trampoline_handler(regs);
	return 0;
}

static struct undef_hook kretprobe_hook = {
	.instr_mask = 0xffffffffu,
	.instr_val = KRETPROBE_TRAP,
	.cpsr_mask = 0x1f,
	.cpsr_val = 0x13,
	.fn = kretprobe_trap,
};

void arch_kprobes_init(void)
{
	register_undef_hook(&kprobe_hook);
	register_undef_hook(&kretprobe_hook);
}
