/* Helpers for ARM assembly files. */
#ifndef ASM_ASSEMBLER_H
#define ASM_ASSEMBLER_H

#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_HYP 0x1a
#define MODE_UND 0x1b
#define MODE_SYS 0x1f
#define MODE_MASK 0x1f
#define PSR_F 0x40
#define PSR_I 0x80
#define PSR_A 0x100
#define PSR_T_BIT 0x20

#ifdef __ASSEMBLER__
/*
 * adr_l: PC-relative address of any symbol. The image runs wherever it was
 * loaded, so absolute addresses must never be baked into code.
 */
	.macro adr_l, reg, sym
	movw	\reg, #:lower16:(\sym - (9998f + 8))
	movt	\reg, #:upper16:(\sym - (9998f + 8))
9998:	add	\reg, pc, \reg
	.endm

#define ENTRY(name) \
	.globl name; .type name, %function; .align 2; name:
#define ENDPROC(name) .size name, . - name
#endif

#endif
