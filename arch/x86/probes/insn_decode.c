/*
 * The decoder walk: legacy prefixes, the opcode through its map (and a
 * group or the x87 tables), ModRM/SIB/displacement, immediate. Everything
 * an opcode means lives in the tables; this file only knows the encoding
 * rules that are the same for every opcode.
 */
#include <ek/errno.h>
#include <ek/string.h>

#include "insn_tables.h"

static const struct {
	int err;
	const char *msg;
} why_text[W_NR] = {
	[W_RESERVED] = { -EILSEQ, "reserved or undefined opcode" },
	[W_REG_FORM] = { -EILSEQ, "undefined with a register operand" },
	[W_MEM_FORM] = { -EILSEQ, "undefined with a memory operand" },
	[W_PREFIX] = { -EILSEQ, "undefined with this prefix" },
	[W_LOCK] = { -EILSEQ, "lock prefix on an instruction that cannot be locked" },
	[W_TOO_LONG] = { -EILSEQ, "longer than 15 bytes" },
	[W_X87] = { -EILSEQ, "reserved x87 encoding" },
	[W_VEX] = { -EOPNOTSUPP, "VEX (AVX) encodings are not supported" },
	[W_EVEX] = { -EOPNOTSUPP, "EVEX (AVX-512) encodings are not supported" },
	[W_XOP] = { -EOPNOTSUPP, "AMD XOP encodings are not supported" },
	[W_3DNOW] = { -EOPNOTSUPP, "3DNow! instructions are not supported" },
	[W_TSX] = { -EOPNOTSUPP, "TSX instructions are not supported" },
	[W_VMX] = { -EOPNOTSUPP, "virtualization and enclave instructions are not supported" },
	[W_SYSCALL] = { -EOPNOTSUPP, "fast system call instructions are not supported" },
	[W_AMD] = { -EOPNOTSUPP, "AMD-only instruction" },
	[W_SMM] = { -EOPNOTSUPP, "rsm (leaves system management mode)" },
	[W_REL16] = { -EOPNOTSUPP, "relative branch with a 16-bit operand or address size" },
	[W_SSTATE] = { -EOPNOTSUPP, "supervisor state save/restore is not supported" },
	[W_MPX] = { -EOPNOTSUPP, "MPX instructions are not supported" },
};

static int refuse(enum x86_why why, const char **reason)
{
	if (reason)
		*reason = why_text[why].msg;
	return why_text[why].err;
}

/* The legacy prefix a byte is, 0 if none. */
static u8 prefix_bit(u8 b)
{
	switch (b) {
	case 0x66: return X86_PFX_OPSIZE;
	case 0x67: return X86_PFX_ADSIZE;
	case 0xf0: return X86_PFX_LOCK;
	case 0xf2: return X86_PFX_REPNE;
	case 0xf3: return X86_PFX_REP;
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65: return X86_PFX_SEG;
	default: return 0;
	}
}

/* SSE's mandatory prefix: the last of F2/F3 if any, else 66 (SDM 2.1.1). */
static u8 mandatory_prefix(const struct x86_insn *insn, u8 last_rep)
{
	if (last_rep == 0xf2)
		return PM_F2;
	if (last_rep == 0xf3)
		return PM_F3;
	return (insn->prefixes & X86_PFX_OPSIZE) ? PM_66 : PM_NP;
}

/* Bytes of displacement and whether a SIB byte follows, for @modrm. */
static void address_bytes(u8 modrm, bool addr16, bool *sib, u8 *disp)
{
	u8 mod = X86_MODRM_MOD(modrm), rm = X86_MODRM_RM(modrm);

	*sib = false;
	*disp = 0;
	if (mod == 3)
		return;
	if (addr16) {
		/* [bx+si] ... [bx]; mod 0 rm 6 is a bare disp16 */
		*disp = mod == 1 ? 1 : (mod == 2 || rm == 6) ? 2 : 0;
		return;
	}
	*sib = rm == 4;
	*disp = mod == 1 ? 1 : (mod == 2 || rm == 5) ? 4 : 0;
}

static u8 imm_bytes(enum x86_imm kind, const struct x86_insn *insn)
{
	bool o16 = insn->prefixes & X86_PFX_OPSIZE;

	switch (kind) {
	case X86_IMM_B: return 1;
	case X86_IMM_W: return 2;
	case X86_IMM_Z: return o16 ? 2 : 4;
	case X86_IMM_ENTER: return 3;
	case X86_IMM_PTR: return o16 ? 4 : 6;
	case X86_IMM_MOFFS: return (insn->prefixes & X86_PFX_ADSIZE) ? 2 : 4;
	default: return 0;
	}
}

static s32 read_signed(const u8 *p, u8 size)
{
	switch (size) {
	case 1: return (s8)p[0];
	case 2: return (s16)(p[0] | p[1] << 8);
	default: return (s32)((u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24);
	}
}

/* The entry for the opcode at @code[*pos], stepping over 0F / 0F 38 / 0F 3A. */
static const struct x86_op *lookup_map(const u8 *code, size_t avail, size_t *pos,
				       struct x86_insn *insn)
{
	static const struct x86_op *const maps[] = { x86_map_one, x86_map_0f, x86_map_0f38,
						     x86_map_0f3a };

	insn->map = 0;
	if (code[*pos] == 0x0f) {
		insn->map = 1;
		if (++*pos >= avail)
			return NULL;
		if (code[*pos] == 0x38 || code[*pos] == 0x3a) {
			insn->map = code[*pos] == 0x38 ? 2 : 3;
			if (++*pos >= avail)
				return NULL;
		}
	}
	insn->opcode = code[*pos];
	++*pos;
	return &maps[insn->map][insn->opcode];
}

/* Resolve a group or x87 escape through ModRM into one entry @out. */
static int resolve_modrm(const struct x86_op *op, u8 modrm, struct x86_op *out, const char **reason)
{
	u8 mod = X86_MODRM_MOD(modrm), reg = X86_MODRM_REG(modrm);
	bool regform = mod == 3 || (op->flags & OP_CR);

	*out = *op;
	if (op->flags & OP_X87) {
		const struct x86_x87 *t = &x86_x87[op - &x86_map_one[0xd8]];

		if (regform ? !(t->reg >> (modrm & 0x3f) & 1) : !(t->mem >> reg & 1))
			return refuse(W_X87, reason);
	}
	if (op->flags & OP_GROUP) {
		const struct x86_group *g = &x86_groups[op->arg];
		const struct x86_op *e = regform ? (g->reg_rm ? &g->reg_rm[modrm & 0x3f] : &g->reg[reg])
						 : &g->mem[reg];

		if (!(e->flags & OP_VALID))
			return refuse(e->why, reason);
		out->flags = (op->flags & ~(OP_GROUP | OP_LOCK)) | e->flags;
		out->imm = op->imm ? op->imm : e->imm;
		out->pfx = e->pfx ? e->pfx : op->pfx;
		out->why = e->why;
		out->cls = op->cls | e->cls;
	}
	if (out->flags & OP_UNSUP)
		return refuse(out->why, reason);
	if (regform && (out->flags & OP_MEM))
		return refuse(out->why ? out->why : W_REG_FORM, reason);
	if (!regform && (out->flags & OP_REG))
		return refuse(W_MEM_FORM, reason);
	return 0;
}

int x86_insn_decode(const u8 *code, size_t avail, struct x86_insn *insn, const char **reason)
{
	const struct x86_op *op;
	struct x86_op e;
	size_t pos = 0;
	u8 last_rep = 0, bit;
	int ret;

	*insn = (struct x86_insn){ 0 }; /* a few stores, not a call */
	for (; pos < avail && (bit = prefix_bit(code[pos])); pos++) {
		if (pos == X86_INSN_MAX)
			return refuse(W_TOO_LONG, reason);
		insn->prefixes |= bit;
		if (bit == X86_PFX_SEG)
			insn->seg = code[pos];
		if (bit & (X86_PFX_REP | X86_PFX_REPNE))
			last_rep = code[pos];
	}
	insn->nprefix = pos;
	if (pos >= avail)
		goto short_read;
	op = lookup_map(code, avail, &pos, insn);
	if (!op)
		goto short_read;
	if (!(op->flags & OP_VALID))
		return refuse(op->why, reason);
	e = *op;
	if (op->flags & OP_MODRM) {
		bool sib;
		u8 disp;

		if (pos >= avail)
			goto short_read;
		insn->modrm_off = pos;
		insn->modrm = code[pos++];
		ret = resolve_modrm(op, insn->modrm, &e, reason);
		if (ret)
			return ret;
		address_bytes(insn->modrm, insn->prefixes & X86_PFX_ADSIZE, &sib, &disp);
		if (e.flags & OP_CR)
			sib = false, disp = 0;
		if (sib) {
			if (pos >= avail)
				goto short_read;
			insn->sib_off = pos;
			/* base 5 with mod 0: no base register, a disp32 instead */
			if (X86_MODRM_MOD(insn->modrm) == 0 && (code[pos] & 7) == 5)
				disp = 4;
			pos++;
		}
		if (disp) {
			insn->disp_off = pos;
			insn->disp_size = disp;
			pos += disp;
		}
	} else if (e.flags & OP_UNSUP) {
		return refuse(e.why, reason);
	}
	if (e.pfx && !(e.pfx & mandatory_prefix(insn, last_rep)))
		return refuse(W_PREFIX, reason);
	if ((e.mem_pm | e.reg_pm) & mandatory_prefix(insn, last_rep)) {
		bool regform = X86_MODRM_MOD(insn->modrm) == 3;

		if (regform && (e.mem_pm & mandatory_prefix(insn, last_rep)))
			return refuse(W_REG_FORM, reason);
		if (!regform && (e.reg_pm & mandatory_prefix(insn, last_rep)))
			return refuse(W_MEM_FORM, reason);
	}
	if ((insn->prefixes & X86_PFX_LOCK) &&
	    (!(e.flags & OP_LOCK) || X86_MODRM_MOD(insn->modrm) == 3))
		return refuse(W_LOCK, reason);
	if (e.imm == X86_IMM_MOFFS) {
		/* an absolute address: reported as a displacement without ModRM */
		insn->disp_off = pos;
		insn->disp_size = imm_bytes(e.imm, insn);
		pos += insn->disp_size;
	} else if (e.imm) {
		insn->imm_off = pos;
		insn->imm_size = imm_bytes(e.imm, insn);
		pos += insn->imm_size;
	}
	if (pos > X86_INSN_MAX)
		return refuse(W_TOO_LONG, reason);
	if (pos > avail)
		goto short_read;
	insn->len = pos;
	insn->cls = e.cls;
	if (e.cls & X86_C_REL) {
		/* 66 truncates EIP to 16 bits, 67 makes loop/jecxz use CX */
		if (insn->prefixes & (X86_PFX_OPSIZE | X86_PFX_ADSIZE))
			return refuse(W_REL16, reason);
		insn->rel = read_signed(code + insn->imm_off, insn->imm_size);
	}
	return 0;

short_read:
	if (reason)
		*reason = "instruction runs past the end of the bytes given";
	return -ENODATA;
}
