/* Fixed-size slot allocator over the static slot area (a bitmap). */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/insn_slots.h>

extern char __insn_slots_start[], __insn_slots_end[];

#define MAX_SLOTS 1024
static u32 used_map[MAX_SLOTS / 32];
static unsigned int nused;

static unsigned int total_slots(void)
{
	unsigned int n = (unsigned int)(__insn_slots_end - __insn_slots_start) / INSN_SLOT_SIZE;

	return n < MAX_SLOTS ? n : MAX_SLOTS;
}

void *insn_slot_alloc(void)
{
	unsigned long flags = arch_irq_save();
	void *slot = NULL;

	for (unsigned int i = 0; i < total_slots(); i++) {
		if (!(used_map[i / 32] & (1u << (i % 32)))) {
			used_map[i / 32] |= 1u << (i % 32);
			nused++;
			slot = __insn_slots_start + i * INSN_SLOT_SIZE;
			break;
		}
	}
	arch_irq_restore(flags);
	return slot;
}

void insn_slot_free(void *slot)
{
	unsigned int i = (unsigned int)((char *)slot - __insn_slots_start) / INSN_SLOT_SIZE;
	unsigned long flags;

	if (!addr_in_insn_slots((unsigned long)slot))
		return;
	flags = arch_irq_save();
	if (used_map[i / 32] & (1u << (i % 32))) {
		used_map[i / 32] &= ~(1u << (i % 32));
		nused--;
	}
	arch_irq_restore(flags);
}

int insn_slot_write(void *slot, const void *code, size_t len)
{
	if (!addr_in_insn_slots((unsigned long)slot) || len > INSN_SLOT_SIZE)
		return -EINVAL;
	return patch_text(slot, code, len);
}

bool addr_in_insn_slots(unsigned long addr)
{
	return addr >= (unsigned long)__insn_slots_start && addr < (unsigned long)__insn_slots_end;
}

void insn_slot_stats(unsigned int *used, unsigned int *total)
{
	*used = nused;
	*total = total_slots();
}
