/* Register frame saved on exception entry (arch/arm/kernel/entry.S). */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#define S_R0 0
#define S_FP 44
#define S_IP 48
#define S_SP 52
#define S_LR 56
#define S_PC 60
#define S_PSR 64
#define S_FRAME_SIZE 72 /* 17 registers + pad, keeps the stack 8-byte aligned */
/* Room left below the interrupted stack pointer: a probed "push" that is
 * simulated writes there, so the frame must not overlap it. */
#define S_STACK_GAP 128
/* Each CPU's emergency stack (arch/arm/kernel/traps.c, bad_stack): for
 * reporting an abort taken where the kernel stack is unusable. */
#define BAD_STACK_SIZE 1024

#ifndef __ASSEMBLER__
#include <ek/types.h>

struct pt_regs {
	u32 uregs[16]; /* r0..r12, sp, lr, pc */
	u32 cpsr;
	u32 pad;
};

#define ARM_sp uregs[13]
#define ARM_lr uregs[14]
#define ARM_pc uregs[15]
#define ARM_fp uregs[11]

_Static_assert(sizeof(struct pt_regs) == S_FRAME_SIZE, "frame layout");
#endif

#endif
