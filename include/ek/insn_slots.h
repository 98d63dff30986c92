/*
 * Executable slots for out-of-line instruction copies and probe detours,
 * from a static area in kernel text, so they work before the MMU and the
 * allocator. Written only through patch_text().
 */
#ifndef EK_INSN_SLOTS_H
#define EK_INSN_SLOTS_H

#include <ek/types.h>

#define INSN_SLOT_SIZE 192u      /* bytes: a detour (48 ARM instructions) */
#define INSN_SMALL_SLOT_SIZE 16u /* an instruction copy and its way back */

/* A full slot: only from dynamic areas (after insn_slots_add_area()). */
void *insn_slot_alloc(void);
/* A small slot: static area first thing in boot, dynamic later. */
void *insn_slot_alloc_small(void);
void insn_slot_free(void *slot);
/* Free @slot once every CPU passed a quiescent point: one a CPU may be
 * running (a live detour replaced by a new one). */
void insn_slot_free_after_quiescence(void *slot);
/* Copy @len bytes of code into @slot (cache maintenance included), which
 * no CPU may be running: freshly taken, or never reachable since it was
 * written (patch_text_fresh(): no rendezvous). Making it reachable is a
 * patch_text() of the site. */
int insn_slot_write(void *slot, const void *code, size_t len);
/* Add executable memory (mapped by the arch, written via patch_text),
 * cut into slots of @slot_size (INSN_SLOT_SIZE or INSN_SMALL_SLOT_SIZE). */
int insn_slots_add_area(void *start, size_t size, unsigned int slot_size);

#endif
