/*
 * Early probes on x86 (kernel/trace/early_events.c): no struct arch_kprobe,
 * only @saved and a small static slot. int3 replaces one byte, so the rest
 * of the instruction is still in the text: a hit decodes saved[0] followed
 * by those bytes again (early hits are few), and the slot gets the copy on
 * the first hit. @saved keeps the original bytes up to its size (for
 * early_disarm(), which puts them all back).
 */
#include <ek/arch.h>
#include <ek/kprobes.h>
#include <ek/errno.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include "kprobes.h"

/* The instruction at @addr, its first byte from @saved. */
static int early_decode(unsigned long addr, const u8 *saved, size_t len, u8 *bytes,
			struct x86_insn *insn, const char **why)
{
	if (!len) {
		*why = "no room for the instruction's first byte";
		return -EINVAL;
	}
	memcpy(bytes, (const void *)addr, X86_INSN_MAX);
	bytes[0] = saved[0];
	if (x86_insn_decode(bytes, X86_INSN_MAX, insn, why))
		return -EILSEQ;
	return x86_kp_refused(insn, why);
}

/*
 * The last instruction decoded by a prepare: a decode depends only on the
 * instruction's own bytes, and early probes on many functions mostly meet
 * the same few first instructions (every -pg entry is the 5-byte NOP by
 * then), so an equal encoding reuses it (~170 instructions a probe saved
 * on the NOP). Prepares run on the boot CPU alone, before the others start.
 */
static struct x86_insn last_insn;
static u8 last_bytes[X86_INSN_MAX];

static bool same_as_last(const u8 *code)
{
	u8 n = last_insn.len, i = 0;
	u32 a, b;

	if (!n)
		return false;
	if (n >= sizeof(a)) {
		/* A word first (-fno-builtin: the builtin keeps it a load). */
		__builtin_memcpy(&a, code, sizeof(a));
		__builtin_memcpy(&b, last_bytes, sizeof(b));
		if (a != b)
			return false;
		i = sizeof(a);
	}
	for (; i < n; i++)
		if (code[i] != last_bytes[i])
			return false;
	return true;
}

static int prepare_decode(const u8 *code, struct x86_insn *insn, const char **why)
{
	if (same_as_last(code)) {
		*insn = last_insn;
		return 0;
	}
	if (x86_insn_decode(code, X86_INSN_MAX, insn, why))
		return -EILSEQ;
	memcpy(last_bytes, code, insn->len);
	last_insn = *insn;
	return 0;
}

int arch_early_kprobe_prepare(unsigned long addr, void *slot, u8 *saved, size_t len,
			      const char **why)
{
	struct x86_insn insn;

	(void)slot; /* filled on the first hit */
	if (!len) {
		*why = "no room for the instruction's first byte";
		return -EINVAL;
	}
	/* Arming comes after every prepare: the text is still original, so
	 * it is decoded in place (no copy: this runs per probe at boot). */
	memcpy(saved, (const void *)addr, len);
	if (prepare_decode((const u8 *)addr, &insn, why))
		return -EILSEQ;
	return x86_kp_refused(&insn, why);
}

/*
 * Before paging the text is plain memory: one byte store, no alias. The
 * batch is made visible to instruction fetch by the serializing
 * instruction of arch_early_kprobes_sync(); until then only .noprobe.text
 * runs (early_events_arm()), so no armed byte is fetched stale.
 */
void arch_early_kprobe_arm(unsigned long addr)
{
	static const u8 int3 = INT3;

	if (arch_mmu_enabled()) {
		patch_text((void *)addr, &int3, 1);
		return;
	}
	*(volatile u8 *)addr = INT3;
}
NOPROBE_ROOT(arch_early_kprobe_arm);

void arch_early_kprobes_sync(void)
{
	u32 a = 0, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : : "memory");
}
NOPROBE_ROOT(arch_early_kprobes_sync);

bool arch_early_kprobe_would_run(const u8 *saved, size_t len, const struct pt_regs *regs)
{
	(void)saved;
	(void)len;
	(void)regs;
	return true;
}

void arch_early_kprobe_resume(unsigned long addr, const u8 *saved, size_t len, void *slot,
			      bool first, struct pt_regs *regs)
{
	/* Static: a step reads it until its debug trap (one in flight). */
	static struct x86_insn insn;
	u8 bytes[X86_INSN_MAX];
	const char *why;
	bool boost;

	if (early_decode(addr, saved, len, bytes, &insn, &why))
		return; /* cannot happen: it decoded when armed */
	boost = x86_kp_boostable(&insn);
	if (first && !(insn.cls & X86_C_REL))
		x86_kp_fill_slot(slot, &insn, bytes, addr, boost);
	/* A step with the trap flag ends in the debug trap (kprobes_step.c). */
	if (!x86_kp_execute(&insn, bytes, addr, slot, boost, addr + insn.len, regs))
		kprobe_cpu.stepping = true;
}
NOPROBE_ROOT(arch_early_kprobe_resume);
