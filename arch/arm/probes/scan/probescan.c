/*
 * probescan: run the probe decoder over every ARM instruction of a kernel
 * image on the host, and count accepted instructions per decode-table row
 * and rejected ones per reason. Input: "ADDR WORD" lines (hex), as made by
 * scan/probescan.sh from objdump, which knows code from literal pools.
 * The decoder sources are compiled unchanged; only the slot allocator and
 * the assembly helpers are stubbed, since nothing is executed here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../decode_table.h"

static unsigned char fake_slot[64];

void *insn_slot_alloc(void) { return fake_slot; }
void *insn_slot_alloc_small(void) { return fake_slot; }
void insn_slot_free(void *slot) { (void)slot; }
int insn_slot_write(void *slot, const void *code, size_t len)
{
	(void)slot, (void)code, (void)len;
	return 0;
}
void arm_probe_run_slot(u32 *r, u32 *apsr, const void *slot)
{
	(void)r, (void)apsr, (void)slot;
	abort();
}
void arm_probe_barrier(void) { abort(); }

#define MAX_KEYS 256
struct tally {
	const char *key;
	unsigned long n;
	unsigned long example;
	unsigned int insn;
} acc[MAX_KEYS], rej[MAX_KEYS];

static void count(struct tally *t, const char *key, unsigned long addr, unsigned int insn)
{
	for (int i = 0; i < MAX_KEYS; i++) {
		if (!t[i].key) {
			t[i].key = key;
			t[i].example = addr;
			t[i].insn = insn;
		}
		if (t[i].key == key) {
			t[i].n++;
			return;
		}
	}
}

static void dump(const char *what, struct tally *t)
{
	for (int i = 0; i < MAX_KEYS && t[i].key; i++)
		printf("  %-8s %6lu  %s  (e.g. %08x at %08lx)\n", what, t[i].n, t[i].key, t[i].insn,
		       t[i].example);
}

int main(void)
{
	unsigned long addr, total = 0, ok = 0, opt = 0;
	unsigned int insn;
	char line[256];

	while (fgets(line, sizeof(line), stdin)) {
		struct arm_probe_insn pi;
		const char *why = NULL;

		if (sscanf(line, "%lx %x", &addr, &insn) != 2)
			continue;
		total++;
		if (arm_probe_decode(insn, addr, &pi, &why)) {
			count(rej, why, addr, insn);
			continue;
		}
		ok++;
		opt += pi.optimizable;
		count(acc, arm_probe_row_name(pi.row), addr, insn);
	}
	printf("probescan: %lu ARM instructions: %lu accepted (%lu optimizable), %lu rejected\n",
	       total, ok, opt, total - ok);
	dump("accepted", acc);
	dump("rejected", rej);
	return 0;
}
