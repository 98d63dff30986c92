/*
 * Backtraces from the ARM EHABI unwind tables (.ARM.exidx/.ARM.extab,
 * emitted by -funwind-tables). The kernel is built without frame pointers:
 * a frame pointer costs every function an instruction and every leaf four,
 * and the probe hit paths are counted in instructions.
 *
 * Each table entry says, for one function, how to undo its prologue: a
 * short program of "vsp += n", "pop {registers}", "vsp = rN" operations
 * (EHABI section 10.3, compact models 0-2). Running it on the frame gives
 * the caller's sp and return address. An entry is trusted only when it
 * belongs to the function kallsyms puts the pc in: assembly functions have
 * none, and a neighbour's entry would unwind garbage. Every stack read is
 * fault-safe and bounded by the stack, so a corrupt stack ends the trace.
 */
#include <ek/arch.h>
#include <ek/kallsyms.h>
#include <ek/printk.h>
#include <ek/sections.h>
#include <asm/ptrace.h>

extern char boot_stack_base[], boot_stack_top[];
extern const u32 __exidx_start[], __exidx_end[];

#define MAX_FRAMES 32
#define EXIDX_CANTUNWIND 1u

/* The registers an unwind program reads and writes: r4-r15, and vsp. */
struct frame {
	unsigned long r[16];
	unsigned long vsp;
};

/* A prel31 field: a signed 31-bit offset from the field's own address. */
static unsigned long prel31(const u32 *field)
{
	return (unsigned long)field + (unsigned long)((s32)(*field << 1) >> 1);
}

static bool on_stack(unsigned long sp)
{
	return sp >= (unsigned long)boot_stack_base && sp < (unsigned long)boot_stack_top &&
	       !(sp & 3);
}

/* The table entry of the function holding @pc, if it really is that
 * function's (entries are sorted by function start). */
static const u32 *find_entry(unsigned long pc)
{
	const u32 *lo = __exidx_start, *hi = __exidx_end;
	unsigned long off;

	while (hi - lo > 2) {
		const u32 *mid = lo + ((hi - lo) / 2 & ~1l);

		if (prel31(mid) <= pc)
			lo = mid;
		else
			hi = mid;
	}
	if (lo == hi || prel31(lo) > pc || !kallsyms_lookup(pc, NULL, &off, NULL) ||
	    prel31(lo) != pc - off)
		return NULL;
	return lo;
}

/* The unwind program's bytes, most significant first. */
struct insns {
	const u32 *word;
	unsigned int left; /* bytes */
	unsigned int shift;
};

static int next_byte(struct insns *in)
{
	int b;

	if (!in->left)
		return -1;
	b = (int)((*in->word >> in->shift) & 0xff);
	in->left--;
	if (in->shift) {
		in->shift -= 8;
	} else {
		in->word++;
		in->shift = 24;
	}
	return b;
}

static bool pop(struct frame *f, unsigned int mask)
{
	for (unsigned int reg = 0; reg < 16; reg++) {
		u32 v;

		if (!(mask & (1u << reg)))
			continue;
		if (!on_stack(f->vsp) || arch_probe_read32(f->vsp, &v))
			return false;
		f->r[reg] = v;
		f->vsp += 4;
	}
	return true;
}

/* Run the program; false when it cannot be followed. */
static bool run(struct frame *f, struct insns *in)
{
	bool pc_set = false;
	int op;

	while ((op = next_byte(in)) >= 0) {
		if ((op & 0xc0) == 0x00) {
			f->vsp += ((unsigned long)(op & 0x3f) << 2) + 4;
		} else if ((op & 0xc0) == 0x40) {
			f->vsp -= ((unsigned long)(op & 0x3f) << 2) + 4;
		} else if ((op & 0xf0) == 0x80) {
			int lo = next_byte(in);
			unsigned int mask = ((unsigned int)(op & 0x0f) << 12) | ((unsigned int)lo << 4);

			if (lo < 0 || !mask || !pop(f, mask))
				return false; /* 0x8000: refuse to unwind */
			pc_set |= mask & (1u << 15);
		} else if ((op & 0xf0) == 0x90) {
			if ((op & 0x0f) == 13 || (op & 0x0f) == 15)
				return false; /* reserved */
			f->vsp = f->r[op & 0x0f];
		} else if ((op & 0xf0) == 0xa0) {
			/* pop r4-r[4+n], and r14 when bit 3 is set */
			unsigned int mask = ((1u << ((op & 7) + 1)) - 1) << 4;

			if (!pop(f, mask | (op & 8 ? 1u << 14 : 0)))
				return false;
		} else if (op == 0xb0) {
			break; /* finish */
		} else if (op == 0xb1) {
			int m = next_byte(in);

			if (m <= 0 || m > 0x0f || !pop(f, (unsigned int)m))
				return false;
		} else if (op == 0xb2) {
			unsigned long v = 0;
			unsigned int shift = 0;
			int b;

			do {
				b = next_byte(in);
				if (b < 0 || shift > 28)
					return false;
				v |= (unsigned long)(b & 0x7f) << shift;
				shift += 7;
			} while (b & 0x80);
			f->vsp += 0x204 + (v << 2);
		} else {
			return false; /* VFP/iWMMXt saves: not in a soft-float kernel */
		}
	}
	if (!pc_set)
		f->r[15] = f->r[14];
	return true;
}

/* One frame up: f->r[15] (pc) and f->r[13] (sp) become the caller's. */
static bool unwind_frame(struct frame *f)
{
	const u32 *e = find_entry(f->r[15]);
	struct insns in;

	if (!e || e[1] == EXIDX_CANTUNWIND)
		return false;
	if (e[1] & 0x80000000u) {
		/* Compact model 0 inline: three bytes after the index byte. */
		in = (struct insns){ &e[1], 3, 16 };
	} else {
		const u32 *x = (const u32 *)prel31(&e[1]);
		u32 index = *x >> 24;

		if (index == 0x80)
			in = (struct insns){ x, 3, 16 };
		else if (index == 0x81 || index == 0x82)
			in = (struct insns){ x, 2 + 4 * ((*x >> 16) & 0xff), 8 };
		else
			return false; /* a generic-model (C++) personality */
	}
	f->vsp = f->r[13];
	if (!run(f, &in))
		return false;
	f->r[13] = f->vsp;
	return addr_in_text(f->r[15]);
}

static void walk(struct frame *f)
{
	printk(" [<%08lx>] %pS\n", f->r[15], (void *)f->r[15]);
	for (int i = 0; i < MAX_FRAMES; i++) {
		unsigned long sp = f->r[13];

		if (!unwind_frame(f)) {
			/* No table (assembly) for the first frame: a leaf whose
			 * return address is still in lr. */
			if (i || !addr_in_text(f->r[14]) || f->r[14] == f->r[15])
				break;
			f->r[15] = f->r[14];
		} else if (f->r[13] < sp) {
			break; /* the stack only grows up when unwinding */
		}
		/* The return address is after the call: show the call itself. */
		printk(" [<%08lx>] %pS\n", f->r[15] - 4, (void *)(f->r[15] - 4));
		f->r[15] -= 4;
	}
}

void arch_dump_backtrace(const struct pt_regs *regs)
{
	struct frame f = { 0 };

	printk("Backtrace:\n");
	if (regs) {
		for (int i = 0; i < 16; i++)
			f.r[i] = regs->uregs[i];
	} else {
		__asm__ volatile("mov %0, sp\n\tmov %1, lr\n\tadr %2, ." : "=r"(f.r[13]),
				 "=r"(f.r[14]), "=r"(f.r[15]));
	}
	walk(&f);
}

/* -funwind-tables makes every object reference the EHABI personality
 * routines; nothing here throws exceptions, so they are never called. */
void __aeabi_unwind_cpp_pr0(void);
void __aeabi_unwind_cpp_pr1(void);
void __aeabi_unwind_cpp_pr2(void);
void __aeabi_unwind_cpp_pr0(void)
{
}
void __aeabi_unwind_cpp_pr1(void)
{
}
void __aeabi_unwind_cpp_pr2(void)
{
}
