/*
 * Host stand-ins for what the ARM probe decoder links against on the
 * target: the instruction-slot allocator and the assembly runner. Decoding
 * only writes the out-of-line copy; nothing is executed on the host.
 */
#include <stdlib.h>

#include <ek/insn_slots.h>

#include "decode_table.h"

static unsigned char slot[64];

void *insn_slot_alloc(void) { return slot; }
void *insn_slot_alloc_small(void) { return slot; }
void insn_slot_free(void *s) { (void)s; }

int insn_slot_write(void *s, const void *code, size_t len)
{
	return len <= sizeof(slot) && s == slot && code ? 0 : -1;
}

void arm_probe_run_slot(u32 *r, u32 *apsr, const void *s)
{
	(void)r, (void)apsr, (void)s;
	abort();
}

void arm_probe_barrier(void) { abort(); }
