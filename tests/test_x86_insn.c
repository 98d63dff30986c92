/*
 * The i386 decoder (arch/x86/probes/) on hand-picked encodings: every
 * prefix, every immediate kind, SIB and displacement forms, 16-bit
 * addressing, moffs, ENTER, far pointers, group 3, the NOPs, what GCC
 * emits, and the classes the probe layer relies on; then the boundary
 * helper and the layout invariants over every two-byte start.
 */
#include <stdio.h>
#include <string.h>

#include <ek/errno.h>

#include "insn.h"
#include "test.h"

#define B(...) .b = { __VA_ARGS__ }, .n = sizeof((u8[]){ __VA_ARGS__ })
#define NOBOOST 0
#define BOOST 1

/* Layout fields: offsets of ModRM, SIB, displacement (size), immediate (size). */
struct layout {
	u8 modrm, sib, disp, disp_size, imm, imm_size;
};

static const struct insn_case {
	const char *what;
	u8 b[16];
	u8 n;
	int ret;
	u8 len;
	u16 cls;
	int boost;
	struct layout l;
	bool check_layout;
	s32 rel;
} cases[] = {
	/* prefixes */
	{ "66 add ax,iw", B(0x66, 0x05, 0x11, 0x22), 0, 4, 0, BOOST, { .imm = 2, .imm_size = 2 }, true },
	{ "67 mov 0x10(%bp),%eax", B(0x67, 0x8b, 0x46, 0x10), 0, 4, 0, BOOST,
	  { .modrm = 2, .disp = 3, .disp_size = 1 }, true },
	{ "67 mov disp16,%eax", B(0x67, 0x8b, 0x06, 0x11, 0x22), 0, 5, 0, BOOST,
	  { .modrm = 2, .disp = 3, .disp_size = 2 }, true },
	{ "67 mov disp16(%bx),%eax", B(0x67, 0x8b, 0x87, 0x11, 0x22), 0, 5, 0, BOOST,
	  { .modrm = 2, .disp = 3, .disp_size = 2 }, true },
	{ "67 mov (%si),%eax: no SIB", B(0x67, 0x8b, 0x04), 0, 3, 0, BOOST, { .modrm = 2 }, true },
	{ "repnz cmpsb", B(0xf2, 0xa6), 0, 2, X86_C_STRING, BOOST },
	{ "rep movsl", B(0xf3, 0xa5), 0, 2, X86_C_STRING, BOOST },
	{ "lock cmpxchg %ecx,(%edx)", B(0xf0, 0x0f, 0xb1, 0x0a), 0, 4, 0, BOOST, { .modrm = 3 }, true },
	{ "lock add $1,(%eax)", B(0xf0, 0x83, 0x00, 0x01), 0, 4, 0, BOOST },
	{ "lock nop", B(0xf0, 0x90), -EILSEQ },
	{ "lock add to a register", B(0xf0, 0x01, 0xc0), -EILSEQ },
	{ "lock cmp", B(0xf0, 0x39, 0x00), -EILSEQ },
	{ "cs mov", B(0x2e, 0x8b, 0x00), 0, 3, 0, BOOST },
	{ "es mov", B(0x26, 0x8b, 0x00), 0, 3, 0, BOOST },
	{ "ss mov", B(0x36, 0x8b, 0x00), 0, 3, 0, BOOST },
	{ "ds mov", B(0x3e, 0x8b, 0x00), 0, 3, 0, BOOST },
	{ "mov %fs:0,%eax", B(0x64, 0xa1, 0, 0, 0, 0), 0, 6, 0, BOOST, { .disp = 2, .disp_size = 4 }, true },
	{ "mov %gs:abs,%eax", B(0x65, 0x8b, 0x05, 1, 2, 3, 4), 0, 7, 0, BOOST,
	  { .modrm = 2, .disp = 3, .disp_size = 4 }, true },
	{ "66 66 66 nop", B(0x66, 0x66, 0x66, 0x90), 0, 4, X86_C_NOP, BOOST },
	{ "14 prefixes: 15 bytes", B(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
				      0x3e, 0x3e, 0x3e, 0x90), 0, 15, X86_C_NOP, BOOST },
	{ "15 prefixes", B(0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
			   0x3e, 0x3e, 0x3e, 0x90), -EILSEQ },
	{ "16 bytes with operands", B(0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x81, 0x84, 0x24,
				      1, 2, 3, 4, 5), -EILSEQ },
	/* immediate kinds */
	{ "push ib", B(0x6a, 0x7f), 0, 2, 0, BOOST, { .imm = 1, .imm_size = 1 }, true },
	{ "push iz", B(0x68, 1, 2, 3, 4), 0, 5, 0, BOOST, { .imm = 1, .imm_size = 4 }, true },
	{ "66 push iw", B(0x66, 0x68, 1, 2), 0, 4, 0, BOOST, { .imm = 2, .imm_size = 2 }, true },
	{ "mov $imm32,%ebx", B(0xbb, 1, 2, 3, 4), 0, 5, 0, BOOST, { .imm = 1, .imm_size = 4 }, true },
	{ "ret $8", B(0xc2, 0x08, 0x00), 0, 3, X86_C_RET, BOOST, { .imm = 1, .imm_size = 2 }, true },
	{ "66 ret $8: still iw", B(0x66, 0xc2, 0x08, 0x00), 0, 4, X86_C_RET, BOOST },
	{ "enter $16,$1", B(0xc8, 0x10, 0x00, 0x01), 0, 4, 0, BOOST, { .imm = 1, .imm_size = 3 }, true },
	{ "66 enter: still iw ib", B(0x66, 0xc8, 0x10, 0x00, 0x01), 0, 5, 0, BOOST },
	{ "lcall ptr16:32", B(0x9a, 1, 2, 3, 4, 5, 6), 0, 7, X86_C_CALL | X86_C_FAR, NOBOOST,
	  { .imm = 1, .imm_size = 6 }, true },
	{ "66 lcall ptr16:16", B(0x66, 0x9a, 1, 2, 3, 4), 0, 6, X86_C_CALL | X86_C_FAR, NOBOOST },
	{ "ljmp ptr16:32", B(0xea, 1, 2, 3, 4, 5, 6), 0, 7, X86_C_FAR, NOBOOST },
	{ "mov moffs32,%eax", B(0xa1, 1, 2, 3, 4), 0, 5, 0, BOOST, { .disp = 1, .disp_size = 4 }, true },
	{ "mov %al,moffs32", B(0xa2, 1, 2, 3, 4), 0, 5, 0, BOOST },
	{ "66 mov moffs,%ax: address size decides", B(0x66, 0xa1, 1, 2, 3, 4), 0, 6, 0, BOOST },
	{ "67 mov %eax,moffs16", B(0x67, 0xa3, 1, 2), 0, 4, 0, BOOST, { .disp = 2, .disp_size = 2 }, true },
	{ "aam ib", B(0xd4, 0x0a), 0, 2, 0, BOOST },
	{ "shl $3,%eax (grp2 ib)", B(0xc1, 0xe0, 0x03), 0, 3, 0, BOOST, { .modrm = 1, .imm = 2, .imm_size = 1 }, true },
	{ "shl %eax (grp2, no imm)", B(0xd1, 0xe0), 0, 2, 0, BOOST },
	{ "bt $3,(%eax) (grp8 ib)", B(0x0f, 0xba, 0x20, 0x03), 0, 4, 0, BOOST },
	{ "grp8 /0 is reserved", B(0x0f, 0xba, 0x00, 0x03), -EILSEQ },
	/* group 3: test takes an immediate, the rest do not */
	{ "test $ib,%al (f6 /0)", B(0xf6, 0xc0, 0x11), 0, 3, 0, BOOST, { .modrm = 1, .imm = 2, .imm_size = 1 }, true },
	{ "test $ib (f6 /1, AMD's alias)", B(0xf6, 0xc8, 0x11), 0, 3, 0, BOOST },
	{ "not %al (f6 /2)", B(0xf6, 0xd0), 0, 2, 0, BOOST },
	{ "test $iz,%eax (f7 /0)", B(0xf7, 0xc0, 1, 2, 3, 4), 0, 6, 0, BOOST },
	{ "66 test $iw,%ax", B(0x66, 0xf7, 0xc0, 1, 2), 0, 5, 0, BOOST },
	{ "neg %eax (f7 /3)", B(0xf7, 0xd8), 0, 2, 0, BOOST },
	{ "divl (%eax) (f7 /6)", B(0xf7, 0x30), 0, 2, 0, BOOST },
	{ "test $iz,8(%ebp)", B(0xf7, 0x45, 0x08, 1, 2, 3, 4), 0, 7, 0, BOOST,
	  { .modrm = 1, .disp = 2, .disp_size = 1, .imm = 3, .imm_size = 4 }, true },
	/* ModRM, SIB and displacements */
	{ "mov (%esp),%eax", B(0x8b, 0x04, 0x24), 0, 3, 0, BOOST, { .modrm = 1, .sib = 2 }, true },
	{ "mov disp32(,%eax,1): SIB without base", B(0x8b, 0x04, 0x05, 1, 2, 3, 4), 0, 7, 0, BOOST,
	  { .modrm = 1, .sib = 2, .disp = 3, .disp_size = 4 }, true },
	{ "mov disp32: SIB base 5, no index", B(0x8b, 0x04, 0x25, 1, 2, 3, 4), 0, 7, 0, BOOST },
	{ "mov 8(%esp),%eax", B(0x8b, 0x44, 0x24, 0x08), 0, 4, 0, BOOST,
	  { .modrm = 1, .sib = 2, .disp = 3, .disp_size = 1 }, true },
	{ "mov 0x100(%esp),%eax", B(0x8b, 0x84, 0x24, 0, 1, 0, 0), 0, 7, 0, BOOST },
	{ "mov (%ebp,%eax,4): base 5 with mod 1", B(0x8b, 0x44, 0x85, 0x00), 0, 4, 0, BOOST },
	{ "mov abs32,%eax", B(0x8b, 0x05, 1, 2, 3, 4), 0, 6, 0, BOOST, { .modrm = 1, .disp = 2, .disp_size = 4 }, true },
	{ "mov 8(%ebp),%eax", B(0x8b, 0x45, 0x08), 0, 3, 0, BOOST },
	{ "mov 0x1000(%ebp),%eax", B(0x8b, 0x85, 0, 0x10, 0, 0), 0, 6, 0, BOOST },
	{ "cut short", B(0x8b, 0x45), -ENODATA },
	{ "cut short in an immediate", B(0xe8, 0, 0), -ENODATA },
	{ "escape alone", B(0x0f), -ENODATA },
	{ "prefix alone", B(0x66), -ENODATA },
	/* NOPs: all boostable */
	{ "nop", B(0x90), 0, 1, X86_C_NOP, BOOST },
	{ "xchg %ax,%ax (2-byte NOP)", B(0x66, 0x90), 0, 2, X86_C_NOP, BOOST },
	{ "nopl (%eax)", B(0x0f, 0x1f, 0x00), 0, 3, X86_C_NOP, BOOST },
	{ "nopl 0(%eax)", B(0x0f, 0x1f, 0x40, 0x00), 0, 4, X86_C_NOP, BOOST },
	{ "nopl 0(%eax,%eax,1) (5-byte NOP)", B(0x0f, 0x1f, 0x44, 0, 0), 0, 5, X86_C_NOP, BOOST },
	{ "nopw 0(%eax,%eax,1)", B(0x66, 0x0f, 0x1f, 0x44, 0, 0), 0, 6, X86_C_NOP, BOOST },
	{ "nopl 0L(%eax)", B(0x0f, 0x1f, 0x80, 0, 0, 0, 0), 0, 7, X86_C_NOP, BOOST },
	{ "nopl 0L(%eax,%eax,1)", B(0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0), 0, 8, X86_C_NOP, BOOST },
	{ "nopw 0L(%eax,%eax,1)", B(0x66, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0), 0, 9, X86_C_NOP, BOOST },
	{ "cs nopw 0L(%eax,%eax,1)", B(0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0), 0, 10, X86_C_NOP, BOOST },
	{ "lea 0(%esi,%eiz,1),%esi", B(0x8d, 0xb4, 0x26, 0, 0, 0, 0), 0, 7, 0, BOOST },
	{ "pause", B(0xf3, 0x90), 0, 2, X86_C_NOP, BOOST },
	{ "endbr32", B(0xf3, 0x0f, 0x1e, 0xfb), 0, 4, X86_C_NOP, BOOST },
	/* what GCC emits */
	{ "push %ebp", B(0x55), 0, 1, 0, BOOST },
	{ "mov %esp,%ebp", B(0x89, 0xe5), 0, 2, 0, BOOST, { .modrm = 1 }, true },
	{ "sub $0x18,%esp", B(0x83, 0xec, 0x18), 0, 3, 0, BOOST },
	{ "lea -0xc(%ebp),%eax", B(0x8d, 0x45, 0xf4), 0, 3, 0, BOOST },
	{ "call rel32", B(0xe8, 0x10, 0, 0, 0), 0, 5, X86_C_REL | X86_C_CALL, NOBOOST,
	  { .imm = 1, .imm_size = 4 }, true, 0x10 },
	{ "ret", B(0xc3), 0, 1, X86_C_RET, BOOST },
	{ "rep ret (GCC's AMD idiom)", B(0xf3, 0xc3), 0, 2, X86_C_RET, BOOST },
	{ "je rel8", B(0x74, 0x05), 0, 2, X86_C_REL | X86_C_COND, NOBOOST, { .imm = 1, .imm_size = 1 }, true, 5 },
	{ "jne rel32", B(0x0f, 0x85, 0xfc, 0xff, 0xff, 0xff), 0, 6, X86_C_REL | X86_C_COND, NOBOOST,
	  { .imm = 2, .imm_size = 4 }, true, -4 },
	{ "jmp rel8", B(0xeb, 0xfe), 0, 2, X86_C_REL, NOBOOST, { .imm = 1, .imm_size = 1 }, true, -2 },
	{ "jmp rel32", B(0xe9, 0, 1, 0, 0), 0, 5, X86_C_REL, NOBOOST, { .imm = 1, .imm_size = 4 }, true, 0x100 },
	{ "movzbl 8(%ebp),%eax", B(0x0f, 0xb6, 0x45, 0x08), 0, 4, 0, BOOST,
	  { .modrm = 2, .disp = 3, .disp_size = 1 }, true },
	{ "movswl %ax,%eax", B(0x0f, 0xbf, 0xc0), 0, 3, 0, BOOST },
	{ "imul $12,%eax,%eax", B(0x6b, 0xc0, 0x0c), 0, 3, 0, BOOST },
	{ "imul $iz,%eax,%eax", B(0x69, 0xc0, 1, 2, 3, 4), 0, 6, 0, BOOST },
	{ "imul %edx,%eax", B(0x0f, 0xaf, 0xc2), 0, 3, 0, BOOST },
	{ "sete %al", B(0x0f, 0x94, 0xc0), 0, 3, 0, BOOST },
	{ "cmove %edx,%eax", B(0x0f, 0x44, 0xc2), 0, 3, 0, BOOST },
	{ "leave", B(0xc9), 0, 1, 0, BOOST },
	{ "jmp *table(,%eax,4)", B(0xff, 0x24, 0x85, 1, 2, 3, 4), 0, 7, X86_C_INDIRECT, BOOST },
	{ "jmp *%eax", B(0xff, 0xe0), 0, 2, X86_C_INDIRECT, BOOST },
	{ "call *%eax", B(0xff, 0xd0), 0, 2, X86_C_CALL | X86_C_INDIRECT, NOBOOST },
	{ "call *abs", B(0xff, 0x15, 1, 2, 3, 4), 0, 6, X86_C_CALL | X86_C_INDIRECT, NOBOOST },
	{ "lcall *(%eax)", B(0xff, 0x18), 0, 2, X86_C_CALL | X86_C_INDIRECT | X86_C_FAR, NOBOOST },
	{ "lcall with a register: undefined", B(0xff, 0xd8), -EILSEQ },
	{ "pushl 8(%ebp)", B(0xff, 0x75, 0x08), 0, 3, 0, BOOST },
	{ "loop", B(0xe2, 0xfe), 0, 2, X86_C_REL | X86_C_COND, NOBOOST, { .imm = 1, .imm_size = 1 }, true, -2 },
	{ "jecxz", B(0xe3, 0x00), 0, 2, X86_C_REL | X86_C_COND, NOBOOST },
	{ "jcxz (67): refused", B(0x67, 0xe3, 0x00), -EOPNOTSUPP },
	{ "66 call rel16: refused", B(0x66, 0xe8, 0, 0), -EOPNOTSUPP },
	{ "66 jcc rel8: refused (truncates EIP)", B(0x66, 0x74, 0x00), -EOPNOTSUPP },
	{ "ds je (branch hint)", B(0x3e, 0x74, 0x02), 0, 3, X86_C_REL | X86_C_COND, NOBOOST, { 0 }, false, 2 },
	/* classes the probe layer must see */
	{ "int3", B(0xcc), 0, 1, X86_C_TRAP, NOBOOST },
	{ "int $0x80", B(0xcd, 0x80), 0, 2, X86_C_TRAP, NOBOOST },
	{ "into", B(0xce), 0, 1, X86_C_TRAP, NOBOOST },
	{ "int1", B(0xf1), 0, 1, X86_C_TRAP, NOBOOST },
	{ "bound", B(0x62, 0x00), 0, 2, X86_C_TRAP, NOBOOST },
	{ "hlt", B(0xf4), 0, 1, X86_C_HLT | X86_C_PRIV, NOBOOST },
	{ "ud2", B(0x0f, 0x0b), 0, 2, X86_C_UD, NOBOOST },
	{ "ud1 (%eax),%eax", B(0x0f, 0xb9, 0x00), 0, 3, X86_C_UD, NOBOOST },
	{ "ud0 (%eax),%eax", B(0x0f, 0xff, 0x00), 0, 3, X86_C_UD, NOBOOST },
	{ "cpuid", B(0x0f, 0xa2), 0, 2, X86_C_SERIAL, NOBOOST },
	{ "mov %eax,%cr3", B(0x0f, 0x22, 0xd8), 0, 3, X86_C_PRIV | X86_C_SERIAL, NOBOOST },
	{ "mov %eax,%cr3 with mod 0: still registers", B(0x0f, 0x22, 0x18), 0, 3,
	  X86_C_PRIV | X86_C_SERIAL, NOBOOST },
	{ "mov %cr1: no such register", B(0x0f, 0x20, 0xc8), -EILSEQ },
	{ "mov %db7,%eax", B(0x0f, 0x21, 0xf8), 0, 3, X86_C_PRIV | X86_C_SERIAL, NOBOOST },
	{ "lgdt (%eax)", B(0x0f, 0x01, 0x10), 0, 3, X86_C_PRIV | X86_C_SERIAL, NOBOOST },
	{ "invlpg (%eax)", B(0x0f, 0x01, 0x38), 0, 3, X86_C_PRIV | X86_C_SERIAL, NOBOOST },
	{ "wrmsr", B(0x0f, 0x30), 0, 2, X86_C_PRIV | X86_C_SERIAL, NOBOOST },
	{ "rdmsr", B(0x0f, 0x32), 0, 2, X86_C_PRIV, NOBOOST },
	{ "rdtsc", B(0x0f, 0x31), 0, 2, 0, BOOST },
	{ "pushf", B(0x9c), 0, 1, X86_C_IF, NOBOOST },
	{ "popf", B(0x9d), 0, 1, X86_C_IF, NOBOOST },
	{ "cli", B(0xfa), 0, 1, X86_C_IF, NOBOOST },
	{ "sti", B(0xfb), 0, 1, X86_C_IF | X86_C_SHADOW, NOBOOST },
	{ "iret", B(0xcf), 0, 1, X86_C_RET | X86_C_FAR | X86_C_IF | X86_C_SERIAL, NOBOOST },
	{ "lret", B(0xcb), 0, 1, X86_C_RET | X86_C_FAR, NOBOOST },
	{ "lret $4", B(0xca, 4, 0), 0, 3, X86_C_RET | X86_C_FAR, NOBOOST },
	{ "mov %eax,%ss", B(0x8e, 0xd0), 0, 2, X86_C_SHADOW, NOBOOST },
	{ "mov %eax,%ds", B(0x8e, 0xd8), 0, 2, 0, BOOST },
	{ "mov %eax,%cs: #UD", B(0x8e, 0xc8), -EILSEQ },
	{ "mov %ss,%eax", B(0x8c, 0xd0), 0, 2, 0, BOOST },
	{ "mov from segment register 6: #UD", B(0x8c, 0xf0), -EILSEQ },
	{ "pop %ss", B(0x17), 0, 1, X86_C_SHADOW, NOBOOST },
	{ "in (%dx),%al", B(0xec), 0, 1, X86_C_IO, BOOST },
	{ "out %al,$0x80", B(0xe6, 0x80), 0, 2, X86_C_IO, BOOST },
	{ "rep outsb", B(0xf3, 0x6e), 0, 2, X86_C_IO | X86_C_STRING, BOOST },
	{ "fwait: one byte", B(0x9b, 0xdf, 0xe0), 0, 1, 0, BOOST },
	{ "fnstsw %ax", B(0xdf, 0xe0), 0, 2, 0, BOOST },
	{ "fldl 8(%ebp)", B(0xdd, 0x45, 0x08), 0, 3, 0, BOOST },
	/* refused */
	{ "3DNow! pfadd", B(0x0f, 0x0f, 0xc1, 0x9e), -EOPNOTSUPP },
	{ "VEX vzeroupper", B(0xc5, 0xf8, 0x77), -EOPNOTSUPP },
	{ "les (%eax),%eax (C4 with memory)", B(0xc4, 0x00), 0, 2, 0, BOOST },
	{ "EVEX", B(0x62, 0xf1, 0x7c, 0x48, 0x58, 0xc0), -EOPNOTSUPP },
	{ "xbegin", B(0xc7, 0xf8, 0, 0, 0, 0), -EOPNOTSUPP },
	{ "sysenter", B(0x0f, 0x34), -EOPNOTSUPP },
	{ "salc (d6)", B(0xd6), -EILSEQ },
	{ "0f 04", B(0x0f, 0x04), -EILSEQ },
	{ "8f /1 (XOP space)", B(0x8f, 0xc8), -EILSEQ },
	{ "fe /2", B(0xfe, 0x10), -EILSEQ },
	{ "ff /7", B(0xff, 0x38), -EILSEQ },
	{ "lea with a register", B(0x8d, 0xc0), -EILSEQ },
	{ "mov ib with c6 /1", B(0xc6, 0x08, 0x00), -EILSEQ },
	{ "d9 /1 memory: reserved x87", B(0xd9, 0x08), -EILSEQ },
	{ "d9 d1: reserved x87", B(0xd9, 0xd1), -EILSEQ },
	{ "dd /5 memory: reserved x87", B(0xdd, 0x28), -EILSEQ },
	/* three-byte maps and mandatory prefixes */
	{ "pshufb %xmm1,%xmm0", B(0x66, 0x0f, 0x38, 0x00, 0xc1), 0, 5, 0, BOOST, { .modrm = 4 }, true },
	{ "pshufb %mm1,%mm0", B(0x0f, 0x38, 0x00, 0xc1), 0, 4, 0, BOOST },
	{ "crc32l %ecx,%eax", B(0xf2, 0x0f, 0x38, 0xf1, 0xc1), 0, 5, 0, BOOST },
	{ "movbe with a register: undefined", B(0x0f, 0x38, 0xf0, 0xc1), -EILSEQ },
	{ "movbe (%ecx),%eax", B(0x0f, 0x38, 0xf0, 0x01), 0, 4, 0, BOOST },
	{ "palignr $8,%xmm1,%xmm0", B(0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x08), 0, 6, 0, BOOST,
	  { .modrm = 4, .imm = 5, .imm_size = 1 }, true },
	{ "pcmpistri", B(0x66, 0x0f, 0x3a, 0x63, 0x44, 0x24, 0x08, 0x00), 0, 8, 0, BOOST },
	{ "roundps without 66: undefined", B(0x0f, 0x3a, 0x08, 0xc1, 0x00), -EILSEQ },
	{ "movss (%eax),%xmm0", B(0xf3, 0x0f, 0x10, 0x00), 0, 4, 0, BOOST },
	{ "movdqa", B(0x66, 0x0f, 0x6f, 0x00), 0, 4, 0, BOOST },
	{ "movhlps %xmm0,%xmm0", B(0x0f, 0x12, 0xc0), 0, 3, 0, BOOST },
	{ "movlpd with a register: undefined", B(0x66, 0x0f, 0x12, 0xc0), -EILSEQ },
	{ "pshufd $ib", B(0x66, 0x0f, 0x70, 0xc1, 0x1b), 0, 5, 0, BOOST },
	{ "psrldq $4,%xmm0 (grp14, 66 only)", B(0x66, 0x0f, 0x73, 0xd8, 0x04), 0, 5, 0, BOOST },
	{ "psrldq without 66: undefined", B(0x0f, 0x73, 0xd8, 0x04), -EILSEQ },
	{ "popcnt", B(0xf3, 0x0f, 0xb8, 0xc1), 0, 4, 0, BOOST },
	{ "0f b8 without f3 (jmpe)", B(0x0f, 0xb8, 0xc1), -EILSEQ },
	{ "mfence", B(0x0f, 0xae, 0xf0), 0, 3, 0, BOOST },
	{ "clflush (%eax)", B(0x0f, 0xae, 0x38), 0, 3, 0, BOOST },
	{ "cmpxchg8b (%esi)", B(0xf0, 0x0f, 0xc7, 0x0e), 0, 4, 0, BOOST },
};

static void hand_picked(void **state)
{
	int checked = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct insn_case *c = &cases[i];
		struct x86_insn insn;
		const char *reason = NULL;
		int ret = x86_insn_decode(c->b, c->n, &insn, &reason);
		bool ok = ret == c->ret;

		if (!ret && ok) {
			ok = insn.len == c->len && insn.cls == c->cls &&
			     x86_insn_boostable(&insn) == c->boost && insn.rel == c->rel;
			if (c->check_layout)
				ok = ok && insn.modrm_off == c->l.modrm && insn.sib_off == c->l.sib &&
				     insn.disp_off == c->l.disp && insn.disp_size == c->l.disp_size &&
				     insn.imm_off == c->l.imm && insn.imm_size == c->l.imm_size;
		}
		if (ret)
			ok = ok && reason && reason[0];
		if (!ok) {
			printf("%s: ret %d (%s) len %u cls %#x boost %d rel %d modrm %u sib %u "
			       "disp %u/%u imm %u/%u; expected ret %d len %u cls %#x boost %d\n",
			       c->what, ret, ret ? reason : "", ret ? 0 : insn.len, insn.cls,
			       !ret && x86_insn_boostable(&insn), insn.rel, insn.modrm_off,
			       insn.sib_off, insn.disp_off, insn.disp_size, insn.imm_off,
			       insn.imm_size, c->ret, c->len, c->cls, c->boost);
			fail();
		}
		checked++;
	}
	printf("x86_insn: %d hand-picked encodings\n", checked);
}

static void boundary(void **state)
{
	/* push %ebp; mov %esp,%ebp; sub $8,%esp; call rel32; leave; ret */
	static const u8 f[] = { 0x55, 0x89, 0xe5, 0x83, 0xec, 0x08, 0xe8, 0, 0, 0, 0, 0xc9, 0xc3 };
	static const bool starts[sizeof(f)] = { [0] = 1, [1] = 1, [3] = 1, [6] = 1, [11] = 1, [12] = 1 };
	static const u8 bad[] = { 0x90, 0xd6, 0x90 };
	const char *why = NULL;

	(void)state;
	for (size_t off = 0; off < sizeof(f); off++) {
		int ret = x86_insn_boundary(f, sizeof(f), off, &why);

		assert_int_equal(ret, starts[off] ? 0 : -EILSEQ);
		if (ret)
			assert_string_equal(why, "not an instruction boundary");
	}
	assert_int_equal(x86_insn_boundary(f, sizeof(f), sizeof(f), &why), -EILSEQ);
	/* an undecodable instruction on the way: EILSEQ with the decoder's reason */
	assert_int_equal(x86_insn_boundary(bad, sizeof(bad), 1, &why), 0);
	assert_int_equal(x86_insn_boundary(bad, sizeof(bad), 2, &why), -EILSEQ);
	assert_string_equal(why, "reserved or undefined opcode");
}

/*
 * Every start of two bytes in every map (then zeros): the decoder
 * answers with a known errno and a reason, or a layout in order within
 * the length, and a class the boost rule agrees with.
 */
static void invariants(void **state)
{
	static const u8 esc[4][2] = { { 0 }, { 0x0f }, { 0x0f, 0x38 }, { 0x0f, 0x3a } };
	size_t accepted = 0, refused = 0;

	(void)state;
	for (int map = 0; map < 4; map++)
		for (int x = 0; x < 0x10000; x++) {
			u8 b[16] = { 0 };
			size_t n = map ? (map == 1 ? 1 : 2) : 0;
			struct x86_insn insn;
			const char *reason = NULL;
			int ret;

			memcpy(b, esc[map], n);
			b[n] = x >> 8;
			b[n + 1] = x;
			ret = x86_insn_decode(b, sizeof(b), &insn, &reason);
			if (ret) {
				assert_true(ret == -EILSEQ || ret == -EOPNOTSUPP);
				assert_true(reason && reason[0]);
				refused++;
				continue;
			}
			accepted++;
			assert_true(insn.len >= 1 && insn.len <= X86_INSN_MAX);
			assert_true(insn.nprefix < insn.len);
			if (insn.modrm_off)
				assert_true(insn.modrm_off > insn.nprefix && insn.modrm_off < insn.len);
			if (insn.sib_off)
				assert_int_equal(insn.sib_off, insn.modrm_off + 1);
			if (insn.disp_size)
				assert_true(insn.disp_off + insn.disp_size <= insn.len);
			if (insn.imm_size)
				assert_int_equal(insn.imm_off + insn.imm_size, insn.len);
			else if (insn.disp_size)
				assert_int_equal(insn.disp_off + insn.disp_size, insn.len);
			if (insn.cls & X86_C_REL)
				assert_true(insn.imm_size == 1 || insn.imm_size == 4);
			if (insn.cls & (X86_C_REL | X86_C_CALL | X86_C_FAR | X86_C_TRAP | X86_C_IF))
				assert_false(x86_insn_boostable(&insn));
			if (insn.cls & X86_C_NOP)
				assert_true(x86_insn_boostable(&insn));
		}
	printf("x86_insn: %zu two-byte starts: %zu accepted, %zu refused, layouts in order\n",
	       accepted + refused, accepted, refused);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hand_picked),
		cmocka_unit_test(boundary),
		cmocka_unit_test(invariants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
