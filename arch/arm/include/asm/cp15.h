/* CP15 accessors and cache/TLB maintenance primitives (ARMv7-A). */
#ifndef ASM_CP15_H
#define ASM_CP15_H

#include <ek/types.h>

#define CP15_READ(name, op1, crn, crm, op2)                                        \
	static inline u32 read_##name(void)                                        \
	{                                                                          \
		u32 v;                                                             \
		__asm__ __volatile__("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
				     : "=r"(v));                                   \
		return v;                                                          \
	}
#define CP15_WRITE(name, op1, crn, crm, op2)                                       \
	static inline void write_##name(u32 v)                                     \
	{                                                                          \
		__asm__ __volatile__("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
				     ::"r"(v) : "memory");                         \
	}
#define CP15_RW(name, op1, crn, crm, op2)                                          \
	CP15_READ(name, op1, crn, crm, op2) CP15_WRITE(name, op1, crn, crm, op2)

CP15_READ(midr, 0, c0, c0, 0)
CP15_READ(mpidr, 0, c0, c0, 5)
CP15_RW(actlr, 0, c1, c0, 1)
CP15_RW(tpidrprw, 0, c13, c0, 4)
CP15_READ(cbar, 4, c15, c0, 0)   /* Cortex-A9: PERIPHBASE */
CP15_READ(l2ctlr, 1, c9, c0, 2)  /* Cortex-A15: cores in the cluster - 1, bits 25:24 */
CP15_WRITE(tlbiallis, 0, c8, c3, 0)
CP15_WRITE(tlbimvais, 0, c8, c3, 1)
CP15_WRITE(icialluis, 0, c7, c1, 0)
CP15_WRITE(bpiallis, 0, c7, c1, 6)
CP15_READ(ctr, 0, c0, c0, 1)
CP15_READ(id_pfr1, 0, c0, c1, 1)
CP15_READ(clidr, 1, c0, c0, 1)
CP15_READ(ccsidr, 1, c0, c0, 0)
CP15_WRITE(csselr, 2, c0, c0, 0)
CP15_RW(sctlr, 0, c1, c0, 0)
CP15_RW(ttbr0, 0, c2, c0, 0)
CP15_RW(ttbcr, 0, c2, c0, 2)
CP15_RW(dacr, 0, c3, c0, 0)
CP15_READ(dfsr, 0, c5, c0, 0)
CP15_READ(ifsr, 0, c5, c0, 1)
CP15_READ(dfar, 0, c6, c0, 0)
CP15_READ(ifar, 0, c6, c0, 2)
CP15_WRITE(tlbiall, 0, c8, c7, 0)
CP15_WRITE(tlbimva, 0, c8, c7, 1)
CP15_WRITE(iciallu, 0, c7, c5, 0)
CP15_WRITE(icimvau, 0, c7, c5, 1)
CP15_WRITE(bpiall, 0, c7, c5, 6)
CP15_WRITE(dccmvac, 0, c7, c10, 1)
CP15_WRITE(dccmvau, 0, c7, c11, 1)
CP15_WRITE(dccisw, 0, c7, c14, 2)
CP15_RW(pmcr, 0, c9, c12, 0)
CP15_WRITE(pmcntenset, 0, c9, c12, 1)
CP15_READ(pmccntr, 0, c9, c13, 0)
CP15_READ(cntfrq, 0, c14, c0, 0)

#define ACTLR_SMP (1u << 6) /* Cortex-A9/A15: take part in coherency */

#define SCTLR_M (1u << 0)
#define SCTLR_A (1u << 1)
#define SCTLR_C (1u << 2)
#define SCTLR_Z (1u << 11)
#define SCTLR_I (1u << 12)
#define SCTLR_V (1u << 13)
#define SCTLR_TRE (1u << 28)
#define SCTLR_AFE (1u << 29)

static inline void dsb(void)
{
	__asm__ __volatile__("dsb" ::: "memory");
}

static inline void isb(void)
{
	__asm__ __volatile__("isb" ::: "memory");
}

/*
 * The Multiprocessing Extensions (MPIDR bit 31) without the uniprocessor
 * bit (30): other CPUs may share these caches and TLBs, so invalidations
 * that are not by address must be broadcast to the inner shareable domain
 * (the "IS" forms); by-address ones are broadcast for shareable memory
 * anyway. On a uniprocessor the local forms are the only ones defined.
 */
static inline bool cpu_mp(void)
{
	return (read_mpidr() & 0xc0000000u) == 0x80000000u;
}

static inline void bp_inval_all(void)
{
	if (cpu_mp())
		write_bpiallis(0);
	else
		write_bpiall(0);
}

static inline void tlb_inval_mva(u32 va)
{
	if (cpu_mp())
		write_tlbimvais(va);
	else
		write_tlbimva(va);
}

static inline void tlb_inval_all(void)
{
	if (cpu_mp())
		write_tlbiallis(0);
	else
		write_tlbiall(0);
}

static inline u64 read_cntvct(void)
{
	u32 lo, hi;

	__asm__ __volatile__("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return (u64)hi << 32 | lo;
}

/* mm/cache.c */
void dcache_clean_inval_all(void);
void dcache_clean_pou_range(unsigned long start, unsigned long len);
void dcache_clean_poc_range(unsigned long start, unsigned long len);
void icache_inval_range(unsigned long start, unsigned long len);

#endif
