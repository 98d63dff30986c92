/*
 * Cache maintenance, ARMv7 style: by address for patched code and page table
 * entries, by set/way once before the MMU goes on. Line sizes come from CTR
 * so the same code is right on Cortex-A9 and A15.
 */
#include <ek/arch.h>
#include <asm/cp15.h>

static unsigned long dline(void)
{
	return 4ul << ((read_ctr() >> 16) & 0xf);
}

static unsigned long iline(void)
{
	return 4ul << (read_ctr() & 0xf);
}

void dcache_clean_pou_range(unsigned long start, unsigned long len)
{
	unsigned long l = dline();

	for (unsigned long a = ALIGN_DOWN(start, l); a < start + len; a += l)
		write_dccmvau(a);
	dsb();
}

void dcache_clean_poc_range(unsigned long start, unsigned long len)
{
	unsigned long l = dline();

	for (unsigned long a = ALIGN_DOWN(start, l); a < start + len; a += l)
		write_dccmvac(a);
	dsb();
}

void icache_inval_range(unsigned long start, unsigned long len)
{
	unsigned long l = iline();

	for (unsigned long a = ALIGN_DOWN(start, l); a < start + len; a += l)
		write_icimvau(a);
	bp_inval_all(); /* other CPUs' predictors too (inner shareable) */
	dsb();
	isb();
}

/* Clean and invalidate every data/unified cache level up to the LoC. */
void dcache_clean_inval_all(void)
{
	u32 clidr = read_clidr();
	unsigned int loc = (clidr >> 24) & 7;

	dsb();
	for (unsigned int level = 0; level < loc; level++) {
		unsigned int ctype = (clidr >> (3 * level)) & 7;
		u32 ccsidr;
		unsigned int lsize, ways, sets, wshift;

		if (ctype < 2) /* no cache or I-cache only */
			continue;
		write_csselr(level << 1);
		isb();
		ccsidr = read_ccsidr();
		lsize = (ccsidr & 7) + 4;
		ways = ((ccsidr >> 3) & 0x3ff) + 1;
		sets = ((ccsidr >> 13) & 0x7fff) + 1;
		wshift = (unsigned int)__builtin_clz(ways - 1 ? ways - 1 : 1);
		if (ways == 1)
			wshift = 0;
		for (unsigned int w = 0; w < ways; w++)
			for (unsigned int s = 0; s < sets; s++)
				write_dccisw((w << wshift) | (s << lsize) | (level << 1));
	}
	write_csselr(0);
	dsb();
	isb();
}
