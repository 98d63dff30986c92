/*
 * The IDT: an interrupt gate per vector to entry.S's stubs (exceptions
 * 0-31, the i8259's lines at X86_IRQ_VECTOR_BASE), the probe traps (int3,
 * #DB) straight to their entries. The GDT is head.S's flat one; with
 * everything in ring 0 no TSS is needed.
 */
#include <ek/types.h>
#include <asm/io.h>
#include <asm/traps.h>

#define KERNEL_CS 0x08
#define GATE_INTR 0x8e /* present, DPL 0, 32-bit interrupt gate */
#define STUB_SIZE 16

extern const char x86_trap_stubs[], x86_int3_entry[], x86_debug_entry[];

struct idt_gate {
	u16 off_lo, sel;
	u8 zero, type;
	u16 off_hi;
} __attribute__((packed));

struct desc_ptr {
	u16 limit;
	u32 base;
} __attribute__((packed));

static struct idt_gate idt[X86_NR_VECTORS] __aligned(8);

static void set_gate(unsigned int v, const char *entry)
{
	u32 a = (u32)(uintptr_t)entry;

	idt[v] = (struct idt_gate){ (u16)a, KERNEL_CS, 0, GATE_INTR, (u16)(a >> 16) };
}

void x86_desc_init(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (u32)(uintptr_t)idt };

	for (unsigned int v = 0; v < X86_NR_VECTORS; v++)
		set_gate(v, x86_trap_stubs + v * STUB_SIZE);
	set_gate(X86_TRAP_BP, x86_int3_entry);
	set_gate(X86_TRAP_DB, x86_debug_entry);
	__asm__ __volatile__("lidt %0" : : "m"(p));
	/* The BIOS leaves the i8259s on vectors 8-15, exceptions in
	 * protected mode (IRQ 0 would arrive as a double fault): every line
	 * stays masked until a DT irqchip driver (drivers/i8259.c) remaps
	 * them, and without one, no interrupt comes at all. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}
