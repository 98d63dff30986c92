/*
 * Instruction slots: pieces of executable memory for out-of-line copies
 * and detours, in two sizes. Small slots (an instruction and a branch)
 * come first from the static area inside kernel text, which serves from
 * the first instruction of boot: early probes need nothing bigger, so the
 * static area holds many of them. Once the allocator is up the arch adds
 * dynamic areas, one per size; new slots come from there, which is where
 * early probes move at handover, and only they hold full slots (detours).
 * The maps are shared by every CPU: slots_lock.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/insn_slots.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/quiesce.h>
#include <ek/spinlock.h>
#include <ek/string.h>

extern char __insn_slots_start[], __insn_slots_end[];

#define MAX_AREAS 4
#define STATIC_MAX_SLOTS 1024

struct slot_area {
	char *start;
	unsigned int slot_size;
	unsigned int nslots, used;
	unsigned int first_free_word; /* no free slot in the map's words before it */
	u32 *map; /* bit set = slot in use */
	/* Dynamic areas: a node per slot for freeing it after quiescence
	 * (a slot is queued at most once: it is not free meanwhile). */
	struct quiesce_head *deferred;
};

static u32 static_map[STATIC_MAX_SLOTS / 32];
static struct slot_area areas[MAX_AREAS];
static int nareas;
static spinlock_t slots_lock = SPINLOCK_INIT;

static void init_static_area(void)
{
	unsigned int n = (unsigned int)(__insn_slots_end - __insn_slots_start) / INSN_SMALL_SLOT_SIZE;

	areas[0].start = __insn_slots_start;
	areas[0].slot_size = INSN_SMALL_SLOT_SIZE;
	areas[0].nslots = n < STATIC_MAX_SLOTS ? n : STATIC_MAX_SLOTS;
	areas[0].map = static_map;
	areas[0].first_free_word = 0;
	nareas = 1;
}

static struct slot_area *area_of(const void *slot)
{
	for (int i = 0; i < nareas; i++)
		if ((const char *)slot >= areas[i].start &&
		    (const char *)slot < areas[i].start + areas[i].nslots * areas[i].slot_size)
			return &areas[i];
	return NULL;
}

int insn_slots_add_area(void *start, size_t size, unsigned int slot_size)
{
	unsigned int n = (unsigned int)(size / slot_size);
	u32 *map = kzalloc(ALIGN_UP(n, 32u) / 8);
	struct quiesce_head *deferred = kzalloc(n * sizeof(*deferred));
	unsigned long flags;

	if (!map || !deferred) {
		kfree(map);
		kfree(deferred);
		return -ENOMEM;
	}
	flags = spin_lock_irqsave(&slots_lock);
	if (!nareas)
		init_static_area();
	if (nareas == MAX_AREAS) {
		spin_unlock_irqrestore(&slots_lock, flags);
		kfree(map);
		kfree(deferred);
		return -ENOSPC;
	}
	areas[nareas].start = start;
	areas[nareas].slot_size = slot_size;
	areas[nareas].nslots = n;
	areas[nareas].map = map;
	areas[nareas].deferred = deferred;
	areas[nareas].first_free_word = 0;
	nareas++;
	spin_unlock_irqrestore(&slots_lock, flags);
	return 0;
}

/* First free slot of @ar: a word of the map at a time, starting at the
 * first word that can have one, so arming a thousand early probes does
 * not rescan the full words each time. */
static void *area_alloc(struct slot_area *ar)
{
	for (unsigned int w = ar->first_free_word; w * 32 < ar->nslots; w++) {
		u32 free = ~ar->map[w];
		unsigned int i;

		if (!free) {
			ar->first_free_word = w + 1;
			continue;
		}
		i = w * 32 + (unsigned int)__builtin_ctz(free);
		if (i >= ar->nslots)
			return NULL;
		ar->map[w] |= 1u << (i % 32);
		ar->used++;
		return ar->start + i * ar->slot_size;
	}
	return NULL;
}

static void *slot_alloc(unsigned int size)
{
	unsigned long flags = spin_lock_irqsave(&slots_lock);
	void *slot = NULL;

	if (!nareas)
		init_static_area();
	/* Newest area first: dynamic memory once there is some. */
	for (int a = nareas - 1; a >= 0 && !slot; a--)
		if (areas[a].slot_size == size)
			slot = area_alloc(&areas[a]);
	spin_unlock_irqrestore(&slots_lock, flags);
	return slot;
}

void *insn_slot_alloc(void)
{
	return slot_alloc(INSN_SLOT_SIZE);
}

void *insn_slot_alloc_small(void)
{
	return slot_alloc(INSN_SMALL_SLOT_SIZE);
}

void insn_slot_free(void *slot)
{
	unsigned long flags = spin_lock_irqsave(&slots_lock);
	struct slot_area *ar = area_of(slot);

	if (ar) {
		unsigned int i = (unsigned int)((char *)slot - ar->start) / ar->slot_size;

		if (ar->map[i / 32] & (1u << (i % 32))) {
			ar->map[i / 32] &= ~(1u << (i % 32));
			ar->used--;
			if (i / 32 < ar->first_free_word)
				ar->first_free_word = i / 32;
		}
	}
	spin_unlock_irqrestore(&slots_lock, flags);
}

static void free_deferred(struct quiesce_head *h)
{
	for (int a = 0; a < nareas; a++) {
		struct slot_area *ar = &areas[a];

		if (ar->deferred && h >= ar->deferred && h < ar->deferred + ar->nslots) {
			insn_slot_free(ar->start + (size_t)(h - ar->deferred) * ar->slot_size);
			return;
		}
	}
}

void insn_slot_free_after_quiescence(void *slot)
{
	struct slot_area *ar = area_of(slot);

	/* The static area has no nodes, and holds no detour: a slot there
	 * stays taken (wasted, never reused too early). */
	if (!ar || !ar->deferred)
		return;
	call_after_quiescence(&ar->deferred[((char *)slot - ar->start) / ar->slot_size],
			      free_deferred);
}

/* An arch that runs one CPU needs no other way to write fresh code. */
__attribute__((weak)) int patch_text_fresh(void *addr, const void *insn, size_t len)
{
	return patch_text(addr, insn, len);
}

int insn_slot_write(void *slot, const void *code, size_t len)
{
	const struct slot_area *ar = area_of(slot);

	if (!ar || len > ar->slot_size)
		return -EINVAL;
	return patch_text_fresh(slot, code, len);
}
NOPROBE_ROOT(insn_slot_write); /* fills slots a hit may be resuming through */

