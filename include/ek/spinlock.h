/*
 * A minimal spinlock for short sections that CPUs share, taken with IRQs
 * masked on this CPU by the caller. Plain C11 atomics: an exclusive
 * load/store pair on ARMv7 (with its barriers), a locked exchange on x86.
 *
 * ARMv7 supports exclusive accesses only on memory the MMU maps: callers
 * that run before it (printk) skip the lock then, when the boot CPU is
 * the only one (the others start with the MMU on).
 */
#ifndef EK_SPINLOCK_H
#define EK_SPINLOCK_H

#include <ek/types.h>

typedef struct {
	u32 locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
