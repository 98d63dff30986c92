/*
 * Reading probed code on x86. Instructions have no alignment, so every
 * question (is this a boundary, may a jmp replace these bytes, does a jump
 * land inside them) is answered by decoding the function from its first
 * byte. Other probes may have patched it meanwhile (an int3 where an
 * instruction starts, a 5-byte jmp over several): their original bytes are
 * put back in what is decoded.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/sections.h>
#include <ek/string.h>
#include <asm/traps.h>
#include "kprobes.h"

void x86_kp_read_orig(unsigned long addr, u8 *buf, size_t n)
{
	u8 tmp[OPT_SPAN_MAX];
	size_t from = 0;

	memcpy(buf, (const void *)addr, n);
	/* @addr may lie inside the bytes an optimized probe's jmp replaced:
	 * those start at a probe a few bytes back, not in this window. */
	for (size_t j = 1; j < JMP_REL32_LEN && j <= addr; j++) {
		struct arch_kprobe *ap = kprobe_arch_at(addr - j);
		size_t k;

		if (!ap)
			continue;
		k = arch_kprobe_orig_bytes(ap, tmp, sizeof(tmp));
		if (k > j) {
			from = MIN(k - j, n);
			memcpy(buf, tmp + j, from);
		}
		break;
	}
	for (size_t i = from; i < n; i++) {
		struct arch_kprobe *ap;
		size_t k;

		if (buf[i] != INT3 && buf[i] != JMP_REL32)
			continue;
		ap = kprobe_arch_at(addr + i);
		if (ap) {
			k = arch_kprobe_orig_bytes(ap, tmp, sizeof(tmp));
			memcpy(buf + i, tmp, MIN(k, n - i));
			i += k - 1;
		} else if (buf[i] == INT3 && kprobe_early_orig_insn(addr + i, tmp, 1)) {
			buf[i] = tmp[0];
		}
	}
}

/*
 * What no probe may sit on: instructions that trap on purpose (int3, int
 * n, ud2: the probe would change what the trap reports), hlt (a step
 * would wait with interrupts off), far transfers and iret (they load CS),
 * and those opening an interrupt shadow (mov ss, pop ss, sti: the shadow
 * would cover the way back instead of the next instruction).
 */
int x86_kp_refused(const struct x86_insn *insn, const char **why)
{
	if (insn->cls & (X86_C_TRAP | X86_C_UD)) {
		*why = "instruction raises an exception on purpose (int3, int n, ud2)";
		return -EINVAL;
	}
	if (insn->cls & X86_C_HLT) {
		*why = "hlt cannot be single-stepped";
		return -EINVAL;
	}
	if (insn->cls & (X86_C_FAR | X86_C_SHADOW)) {
		*why = "far transfers and interrupt-shadow instructions cannot be probed";
		return -EINVAL;
	}
	return 0;
}

int x86_kp_decode(unsigned long addr, struct x86_insn *insn, u8 *bytes, const char **why)
{
	int ret;

	x86_kp_read_orig(addr, bytes, X86_INSN_MAX);
	ret = x86_insn_decode(bytes, X86_INSN_MAX, insn, why);
	return ret ? ret : x86_kp_refused(insn, why);
}

/* Calls @fn on each instruction of the function @start..+@size from its
 * first byte until @fn returns nonzero (returned) or the end (0); an
 * undecodable instruction gives -EILSEQ. */
static int walk(unsigned long start, unsigned long size,
		int (*fn)(unsigned long at, const struct x86_insn *insn, void *ctx), void *ctx,
		const char **why)
{
	u8 buf[X86_INSN_MAX];
	struct x86_insn insn;

	for (unsigned long off = 0; off < size; off += insn.len) {
		size_t n = MIN((unsigned long)X86_INSN_MAX, size - off);
		int ret;

		x86_kp_read_orig(start + off, buf, n);
		if (x86_insn_decode(buf, n, &insn, why))
			return -EILSEQ;
		ret = fn(start + off, &insn, ctx);
		if (ret)
			return ret;
	}
	return 0;
}

static int reaches(unsigned long at, const struct x86_insn *insn, void *ctx)
{
	unsigned long target = *(unsigned long *)ctx;

	(void)insn;
	if (at == target)
		return 1;
	return at > target ? 2 : 0;
}

/* Linux's can_probe(): a boundary when decoding from the symbol start
 * reaches @addr exactly (EILSEQ otherwise, with Linux's errno). */
int arch_kprobe_check_insn(unsigned long addr, const char **why)
{
	unsigned long off, size, target = addr;
	int ret;

	if (!kallsyms_lookup(addr, NULL, &off, &size)) {
		*why = "address is not inside any kernel function";
		return -EINVAL;
	}
	/* A function's start is a boundary; preparing the probe decodes the
	 * instruction there and refuses it as the walk would. */
	if (!off)
		return 0;
	ret = walk(addr - off, size, reaches, &target, why);
	if (ret == 1)
		return 0;
	if (ret >= 0)
		*why = "offset is not on an instruction boundary";
	return -EILSEQ;
}

int arch_kprobe_blacklisted(unsigned long addr, const char **why)
{
	(void)addr;
	(void)why;
	return 0; /* everything arch-specific lives in .noprobe.text */
}

struct span_ctx {
	unsigned long lo, hi; /* the bytes past the first: (addr, addr + span) */
};

/* A relative jump or call landing inside the span, or a jump through
 * memory (a switch table: its targets cannot be seen). */
static int jumps_inside(unsigned long at, const struct x86_insn *insn, void *ctx)
{
	const struct span_ctx *c = ctx;

	if (insn->cls & X86_C_REL) {
		unsigned long t = at + insn->len + (unsigned long)(long)insn->rel;

		return t > c->lo && t < c->hi;
	}
	return (insn->cls & X86_C_INDIRECT) && !(insn->cls & X86_C_CALL) && insn->modrm_off &&
	       X86_MODRM_MOD(insn->modrm) != 3;
}

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

/* A faulting instruction of the exception table inside, or a fixup
 * landing past the first byte: their addresses would move to the detour. */
static bool extable_inside(unsigned long addr, unsigned long end)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		unsigned long insn = (unsigned long)&e->insn + (unsigned long)(long)e->insn;
		unsigned long fix = (unsigned long)&e->fixup + (unsigned long)(long)e->fixup;

		if ((insn >= addr && insn < end) || (fix > addr && fix < end))
			return true;
	}
	return false;
}

/*
 * The span of a jmp at @addr: whole instructions from @addr covering 5
 * bytes, each one that behaves the same copied elsewhere (boostable, no
 * ip-relative operand, no call); a ret or jmp through a register may only
 * end it (nothing after it runs). The function must hold all of them, and
 * no jump in it may land past the first byte. @orig gets the bytes.
 */
size_t x86_kp_opt_span(unsigned long addr, u8 *orig)
{
	unsigned long off, size, span = 0;
	struct x86_insn insn;
	const char *why;
	struct span_ctx c;

	if (!kallsyms_lookup(addr, NULL, &off, &size))
		return 0;
	while (span < JMP_REL32_LEN) {
		if (off + span >= size)
			return 0;
		x86_kp_read_orig(addr + span, orig + span, X86_INSN_MAX);
		if (x86_insn_decode(orig + span, MIN((unsigned long)X86_INSN_MAX, size - off - span),
				    &insn, &why) ||
		    !x86_insn_boostable(&insn))
			return 0;
		span += insn.len;
		if ((insn.cls & (X86_C_RET | X86_C_INDIRECT)) && span < JMP_REL32_LEN)
			return 0;
	}
	c.lo = addr;
	c.hi = addr + span;
	if (walk(addr - off, size, jumps_inside, &c, &why) || extable_inside(addr, addr + span))
		return 0;
	return span;
}
