/*
 * Which instructions may be boosted: copied to an instruction slot,
 * followed by a jump back to the next instruction, and run there with no
 * second trap. The copy must do exactly what the original would:
 *
 * - no EIP-relative operand or target (X86_C_REL): the displacement would
 *   be taken from the slot (i386 has no EIP-relative data addressing, so
 *   only branches read EIP);
 * - nothing that pushes a return address (X86_C_CALL): it would be the
 *   slot's;
 * - no far transfer, iret, trap, hlt, ud, privileged or serializing
 *   instruction: they need the probe layer's care (simulation, or a
 *   single-step it can see), and some leave through the exception path;
 * - nothing that reads or writes IF/TF (pushf, popf, cli, sti, iret):
 *   the trap handler's flags are not the probed code's, and a popf that
 *   sets TF would trap in the slot;
 * - no interrupt shadow (mov ss, pop ss, sti): the shadow would cover the
 *   jump back instead of the instruction after the original.
 *
 * Near `ret` (C3, C2 iw) and `jmp *` (FF /4) pass: their target comes from
 * a register or memory, not from EIP, so the copy goes where the original
 * would and the jump back is never reached (arch/x86/README.md: native
 * execution covers what branches through a register or the stack and
 * links nothing). Every other instruction, NOPs included (90, 66 90,
 * 0F 1F /0), has its effect in registers, flags and memory only.
 */
#include "insn.h"

#define X86_NO_BOOST                                                                     \
	(X86_C_REL | X86_C_CALL | X86_C_FAR | X86_C_TRAP | X86_C_HLT | X86_C_UD | X86_C_PRIV | \
	 X86_C_SERIAL | X86_C_IF | X86_C_SHADOW)

bool x86_insn_boostable(const struct x86_insn *insn)
{
	return insn->len && !(insn->cls & X86_NO_BOOST);
}
