/*
 * arm_probe_run_slot(u32 r[4], u32 *apsr, const void *slot): run one
 * renamed instruction copy. The copy uses only r0-r3 (emulate.c), so the
 * pointers can live in callee-saved registers across it and the real sp
 * stays ours. The flags go in and out through APSR, GE bits included.
 */
#include <asm/assembler.h>

	.syntax unified
	.arm
	.section .noprobe.text, "ax"

ENTRY(arm_probe_run_slot)
	push	{r4-r6, lr}
	mov	r4, r0
	mov	r5, r1
	mov	ip, r2
	ldr	r6, [r5]
	msr	APSR_nzcvqg, r6
	ldm	r4, {r0-r3}
	blx	ip			@ slot: the copy, then "bx lr"
	stm	r4, {r0-r3}
	mrs	r6, APSR
	str	r6, [r5]
	pop	{r4-r6, pc}
ENDPROC(arm_probe_run_slot)

ENTRY(arm_probe_barrier)
	dsb	sy
	isb
	bx	lr
ENDPROC(arm_probe_barrier)
