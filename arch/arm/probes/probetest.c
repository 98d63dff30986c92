/*
 * probetest: the instruction-level test suite of the ARM probe decoder.
 *
 * For every leaf row of the decode tables, every encoding of the test table
 * (probetest_table.S) that falls into the row is run twice from the same
 * registers, flags and memory: natively, from a scratch slot, and through
 * arm_probe_decode()/arm_probe_execute() as if it lived at that same slot
 * address. Registers, flags, the next PC and the memory buffer must agree.
 * Encodings marked as rejected must be refused, by the row they name.
 *
 * Native layout of the scratch slot (offsets in bytes): every exit of the
 * instruction under test lands on a stub that records where it landed.
 *    0  landing "back"   (stub: park r0, r0 = offset, b capture)
 *   12  instruction under test
 *   16  landing "next"   (fall-through)
 *   28  landing "fwd"
 *   40  landing "thumb"  (Thumb "bx pc; nop", then an ARM stub at 44)
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/insn_slots.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>
#include "decode_table.h"
#include "probetest.h"

struct pt_frame {
	u32 r[16]; /* r15: landing offset */
	u32 cpsr;
	u32 ksp;
};

void probetest_native_enter(const u32 *in, struct pt_frame *out, u32 apsr);
void probetest_capture(void);

#define MCR_R0_TPIDRURW 0xee0d0f50u
#define MOV_R0_IMM 0xe3a00000u
#define THUMB_BX_PC_NOP 0x46c04778u /* "bx pc" then "nop" */
#define SLOT_WORDS 14
#define SEEDS 3
#define BUF_WORDS 256

static u32 test_buf[BUF_WORDS] __aligned(64);
static u32 init_buf[BUF_WORDS], native_buf[BUF_WORDS];
#define BUF_MID ((u32)&test_buf[BUF_WORDS / 2])

/* Flags to run under: NZCV mixes plus Q and GE bits. */
static const u32 apsr_some[] = {
	0x00000000, 0xf80f0000, 0x20000000, 0x40000000, 0x90050000, 0x680a0000,
};

struct suite {
	void *slot;		/* native scratch code */
	u32 base_cpsr;		/* mode and mask bits of the test context */
	unsigned int encodings, rows, rejected;
	bool fail;
	/* per row */
	unsigned int row_encodings, row_failures;
	bool row_reported;	/* the first difference of a row is printed */
};

static u32 branch_to(const void *from, const void *to)
{
	u32 off = (u32)to - ((u32)from + 8);

	return 0xea000000u | ((off >> 2) & 0x00ffffffu);
}

static int write_native_slot(void *slot, u32 insn)
{
	static const u8 stubs[] = { PT_LAND_BACK, PT_LAND_NEXT, PT_LAND_FWD, PT_LAND_THUMB + 4 };
	u32 code[SLOT_WORDS];
	u8 *base = slot;

	for (unsigned int i = 0; i < ARRAY_SIZE(stubs); i++) {
		unsigned int w = stubs[i] / 4;
		u32 land = stubs[i] == PT_LAND_THUMB + 4 ? PT_LAND_THUMB : stubs[i];

		code[w] = MCR_R0_TPIDRURW;
		code[w + 1] = MOV_R0_IMM | land;
		code[w + 2] = branch_to(base + 4 * (w + 2), (const void *)probetest_capture);
	}
	code[PT_INSN / 4] = insn;
	code[PT_LAND_THUMB / 4] = THUMB_BX_PC_NOP;
	return insn_slot_write(slot, code, sizeof(code));
}

static u32 mix(u32 x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	return x ^ (x >> 16);
}

/* Seed 0: edge values; the others pseudo-random. */
static u32 seed_value(unsigned int seed, unsigned int i)
{
	static const u32 edge[15] = {
		0x00000000, 0x00000001, 0xffffffff, 0x80000000, 0x7fffffff,
		0x0000ffff, 0xffff0000, 0x12345678, 0x80008000, 0x7fff7fff,
		0xfffe0001, 0x55aa55aa, 0x00000020, 0xa5a5a5a5, 0x0000001f,
	};

	return seed ? mix(seed * 0x9e3779b9u + i) : edge[i];
}

static void setup(const struct probetest *t, unsigned int seed, void *slot, u32 *in)
{
	for (unsigned int i = 0; i < 15; i++)
		in[i] = seed_value(seed, i);
	in[15] = (u32)slot + PT_INSN;
	for (unsigned int i = 0; i < BUF_WORDS; i++)
		test_buf[i] = mix(seed * 977u + i + 1);
	for (unsigned int i = 0; i < PT_SETS; i++) {
		u32 kind = t->set[i].key >> 16, idx = t->set[i].key & 0xffff;
		s32 val = t->set[i].val;
		u32 *mem = (u32 *)(BUF_MID + (u32)(s32)(s16)idx);

		switch (kind) {
		case PT_REG: in[idx] = (u32)val; break;
		case PT_REG_BUF: in[idx] = BUF_MID + (u32)val; break;
		case PT_REG_LAND: in[idx] = (u32)slot + (u32)val; break;
		case PT_MEM_LAND: *mem = (u32)slot + (u32)val; break;
		case PT_MEM: *mem = (u32)val; break;
		}
	}
	memcpy(init_buf, test_buf, sizeof(test_buf));
}

static void report_diff(struct suite *s, u32 insn, unsigned int seed, u32 apsr,
			const struct pt_frame *nat, const struct pt_regs *regs, u32 nat_pc,
			u32 nat_t)
{
	if (s->row_reported)
		return; /* the first difference of a row says enough */
	s->row_reported = true;
	console_printf("probetest:   insn %08x seed %u apsr %08x differs:", insn, seed, apsr);
	for (unsigned int i = 0; i < 15; i++)
		if (nat->r[i] != regs->uregs[i])
			console_printf(" r%u %08x/%08x", i, nat->r[i], regs->uregs[i]);
	if (nat_pc != regs->ARM_pc || nat_t != (regs->cpsr & PSR_T_BIT))
		console_printf(" pc %08x%s/%08x%s", nat_pc, nat_t ? "(T)" : "", regs->ARM_pc,
			       regs->cpsr & PSR_T_BIT ? "(T)" : "");
	if ((nat->cpsr ^ regs->cpsr) & APSR_MASK)
		console_printf(" apsr %08x/%08x", nat->cpsr & APSR_MASK, regs->cpsr & APSR_MASK);
	if (memcmp(native_buf, test_buf, sizeof(test_buf)))
		console_printf(" memory");
	console_printf(" (native/probed)\n");
}

/* One run: native, then probed, then compare. IRQs are off throughout:
 * the native run has the test's sp and lr in the real registers. */
static bool run_once(struct suite *s, const struct probetest *t, u32 insn,
		     struct arm_probe_insn *pi, unsigned int seed, u32 apsr)
{
	struct pt_frame nat;
	struct pt_regs regs;
	u32 in[16], nat_pc, nat_t;
	unsigned long flags;

	setup(t, seed, s->slot, in);
	flags = arch_irq_save();
	probetest_native_enter(in, &nat, apsr);
	arch_irq_restore(flags);
	memcpy(native_buf, test_buf, sizeof(test_buf));

	memcpy(test_buf, init_buf, sizeof(test_buf));
	memcpy(regs.uregs, in, sizeof(in));
	regs.cpsr = s->base_cpsr | apsr;
	regs.pad = 0;
	flags = arch_irq_save();
	arm_probe_execute(pi, &regs);
	arch_irq_restore(flags);

	nat_pc = (u32)s->slot + nat.r[15];
	nat_t = nat.r[15] == PT_LAND_THUMB ? PSR_T_BIT : 0;
	if (memcmp(nat.r, regs.uregs, 15 * sizeof(u32)) || nat_pc != regs.ARM_pc ||
	    nat_t != (regs.cpsr & PSR_T_BIT) || ((nat.cpsr ^ regs.cpsr) & APSR_MASK) ||
	    (regs.cpsr & ~(APSR_MASK | PSR_T_BIT)) != s->base_cpsr ||
	    memcmp(native_buf, test_buf, sizeof(test_buf))) {
		report_diff(s, insn, seed, apsr, &nat, &regs, nat_pc, nat_t);
		return false;
	}
	return true;
}

static void run_encoding(struct suite *s, const struct probetest *t, u32 insn)
{
	struct arm_probe_insn pi;
	const char *why = NULL;
	int ret = arm_probe_decode(insn, (unsigned long)s->slot + PT_INSN, &pi, &why);
	bool ok = true;

	s->row_encodings++;
	if (t->flags & PT_REJECT) {
		s->rejected++;
		if (ret && (!why || !*why)) {
			console_printf("probetest:   insn %08x rejected without a reason\n", insn);
			s->row_failures++;
		} else if (!ret) {
			console_printf("probetest:   insn %08x should be rejected\n", insn);
			s->row_failures++;
			arm_probe_release(&pi);
		}
		return;
	}
	if (ret) {
		console_printf("probetest:   insn %08x rejected: %s\n", insn, why);
		s->row_failures++;
		return;
	}
	if (write_native_slot(s->slot, insn)) {
		s->row_failures++;
		arm_probe_release(&pi);
		return;
	}
	for (unsigned int seed = 0; seed < SEEDS; seed++) {
		if (t->flags & PT_ALLCOND) {
			for (u32 nzcv = 0; nzcv < 16; nzcv++)
				ok &= run_once(s, t, insn, &pi, seed,
					       nzcv << 28 | apsr_some[nzcv % 6]);
		} else {
			for (unsigned int f = 0; f < ARRAY_SIZE(apsr_some); f++)
				ok &= run_once(s, t, insn, &pi, seed, apsr_some[f]);
		}
	}
	arm_probe_release(&pi);
	if (!ok)
		s->row_failures++;
}

static void test_row(const struct decode_row *row, void *ctx)
{
	struct suite *s = ctx;

	s->row_encodings = s->row_failures = 0;
	s->row_reported = false;
	for (const struct probetest *t = probetest_table; t < probetest_table_end; t++) {
		if (arm_decode_lookup(t->insn) != row)
			continue;
		if ((t->flags & PT_ALLCOND) && (t->insn >> 28) != 15) {
			for (u32 cond = 0; cond < 15; cond++)
				run_encoding(s, t, (t->insn & 0x0fffffffu) | cond << 28);
		} else {
			run_encoding(s, t, t->insn);
		}
	}
	s->rows++;
	s->encodings += s->row_encodings;
	if (!s->row_encodings) {
		console_printf("probetest: %s: FAIL (no test encodings)\n", row->name);
		s->fail = true;
	} else if (s->row_failures) {
		console_printf("probetest: %s: FAIL (%u of %u encodings)\n", row->name,
			       s->row_failures, s->row_encodings);
		s->fail = true;
	} else {
		console_printf("probetest: %s: %u encodings ok\n", row->name, s->row_encodings);
	}
}

static u32 read_tpidr(bool ro)
{
	u32 v;

	if (ro)
		__asm__ __volatile__("mrc p15, 0, %0, c13, c0, 3" : "=r"(v));
	else
		__asm__ __volatile__("mrc p15, 0, %0, c13, c0, 2" : "=r"(v));
	return v;
}

static void write_tpidr(bool ro, u32 v)
{
	if (ro)
		__asm__ __volatile__("mcr p15, 0, %0, c13, c0, 3" ::"r"(v));
	else
		__asm__ __volatile__("mcr p15, 0, %0, c13, c0, 2" ::"r"(v));
}

static int cmd_probetest(int argc, char **argv)
{
	struct suite s = { 0 };
	u32 saved_urw = read_tpidr(false), saved_uro = read_tpidr(true);
	unsigned long flags;
	u32 cpsr;

	(void)argc;
	(void)argv;
	s.slot = insn_slot_alloc();
	if (!s.slot) {
		console_printf("probetest: no free instruction slot\n");
		return -ENOMEM;
	}
	/* The probed side sees the CPSR the native run has: SVC, IRQs off. */
	flags = arch_irq_save();
	__asm__ __volatile__("mrs %0, cpsr" : "=r"(cpsr));
	arch_irq_restore(flags);
	s.base_cpsr = cpsr & ~(APSR_MASK | PSR_T_BIT);

	arm_decode_for_each_leaf(test_row, &s);

	insn_slot_free(s.slot);
	write_tpidr(false, saved_urw);
	write_tpidr(true, saved_uro);
	console_printf("probetest: %u of the encodings checked for rejection\n", s.rejected);
	console_printf("probetest: %u encodings in %u rows: %s\n", s.encodings, s.rows,
		       s.fail ? "FAIL" : "PASS");
	return s.fail ? -EIO : 0;
}

static const struct shell_cmd probetest_cmd = {
	"probetest", ": run the ARM probe instruction tests (native vs. probed)", cmd_probetest
};
SHELL_CMD(probetest_cmd);
