/*
 * Word accesses that may fault. Each faulting instruction has an entry in
 * __ex_table; the abort handler resumes at the fixup, which returns -EFAULT.
 * Entries are PC-relative so the table needs no relocation.
 */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.text

	.macro	ex_entry, insn, fixup, flags
	.pushsection __ex_table, "a"
	.align	2
	.word	\insn - .
	.word	\fixup - .
	.word	\flags
	.popsection
	.endm

	.macro	reader, name, flags
ENTRY(\name)			@ int name(unsigned long addr, u32 *val)
1:	ldr	r2, [r0]
	str	r2, [r1]
	mov	r0, #0
	bx	lr
2:	mvn	r0, #13		@ -EFAULT
	bx	lr
	ex_entry 1b, 2b, \flags
ENDPROC(\name)
	.endm

	.macro	writer, name, flags
ENTRY(\name)			@ int name(unsigned long addr, u32 val)
1:	str	r1, [r0]
	mov	r0, #0
	bx	lr
2:	mvn	r0, #13
	bx	lr
	ex_entry 1b, 2b, \flags
ENDPROC(\name)
	.endm

	reader	arch_probe_read32, 0
	reader	arch_debug_read32, 1
	writer	arch_probe_write32, 0
	writer	arch_debug_write32, 1
