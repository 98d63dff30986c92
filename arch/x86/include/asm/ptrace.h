/*
 * Register frame saved on trap entry (arch/x86/kernel/entry.S). The CPU
 * pushes flags, cs and ip (and an error code for some vectors); the entry
 * stub adds the rest. In ring 0 the CPU does not push esp: the frame's sp
 * is computed, the interrupted stack pointer, just above the frame.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

/* The general registers in pushal's order (lowest address first), so
 * one pushal/popal saves and restores them on the probe paths. */
#define S_DI 0
#define S_SI 4
#define S_BP 8
#define S_SP 12
#define S_BX 16
#define S_DX 20
#define S_CX 24
#define S_AX 28
#define S_VECTOR 32
#define S_ERROR 36
#define S_IP 40
#define S_CS 44
#define S_FLAGS 48
#define S_FRAME_SIZE 52

/* A trap frame lies right below the interrupted sp (entry.S): a handler
 * simulating a push lowers sp by one word and leaves the word in
 * error_code, stored at the new sp when the trap returns (that word is
 * the frame's flags until then). */

#define X86_EFLAGS_TF 0x100u
#define X86_EFLAGS_IF 0x200u

#ifndef __ASSEMBLER__
#include <ek/types.h>

struct pt_regs {
	u32 di, si, bp;
	u32 sp;         /* computed: the stack pointer before the trap */
	u32 bx, dx, cx, ax;
	u32 vector;     /* IDT vector */
	u32 error_code; /* the CPU's, or 0 */
	u32 ip, cs, flags; /* pushed by the CPU */
};

_Static_assert(sizeof(struct pt_regs) == S_FRAME_SIZE, "frame layout");
_Static_assert(__builtin_offsetof(struct pt_regs, sp) == S_SP, "S_SP");
_Static_assert(__builtin_offsetof(struct pt_regs, ip) == S_IP, "S_IP");
_Static_assert(__builtin_offsetof(struct pt_regs, ax) == S_AX, "S_AX");
_Static_assert(__builtin_offsetof(struct pt_regs, flags) == S_FLAGS, "S_FLAGS");
#endif

#endif
