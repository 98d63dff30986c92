/*
 * Shared between the probe test harness (probetest.c) and its encoding
 * table (probetest_table.S): entry layout, flags and operand setups.
 */
#ifndef ARM_PROBES_PROBETEST_H
#define ARM_PROBES_PROBETEST_H

#define PT_ALLCOND 1	/* also run with condition codes EQ..LE */
#define PT_REJECT 2	/* must be refused by arm_probe_decode() */

/* Setup kinds: key = kind << 16 | index */
#define PT_REG 1	/* register index = value */
#define PT_REG_BUF 2	/* register index = test buffer middle + value */
#define PT_REG_LAND 3	/* register index = scratch code + landing offset value */
#define PT_MEM_LAND 4	/* word at buffer middle + index = landing address */
#define PT_MEM 5	/* word at buffer middle + index = value */

/* Landing offsets in the native scratch code (probetest.c). */
#define PT_LAND_BACK 0
#define PT_INSN 12
#define PT_LAND_NEXT 16
#define PT_LAND_FWD 28
#define PT_LAND_THUMB 40

#define PT_SETS 4

#ifdef __ASSEMBLER__
#define SETR(n, v) ((PT_REG<<16)|(n)),(v)
#define SETRB(n, off) ((PT_REG_BUF<<16)|(n)),(off)
#define SETRL(n, l) ((PT_REG_LAND<<16)|(n)),(l)
#define SETML(off, l) ((PT_MEM_LAND<<16)|((off)&0xffff)),(l)
#define SETM(off, v) ((PT_MEM<<16)|((off)&0xffff)),(v)
#else
#include <ek/types.h>

struct probetest {
	u32 insn;
	u32 flags;
	struct {
		u32 key;
		s32 val;
	} set[PT_SETS];
};

extern const struct probetest probetest_table[], probetest_table_end[];
#endif

#endif
