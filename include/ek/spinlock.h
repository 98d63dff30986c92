/*
 * Spinlocks (the arch part: arch_spin_lock() and friends, include/ek/arch.h;
 * on ARM a ticket lock with LDREX/STREX in arch/arm/lib/atomic.c).
 *
 * Rules that keep several CPUs from waiting on each other for ever:
 *  - every loop that waits for another CPU with interrupts masked (a lock
 *    here, a rendezvous, a grace period) joins a text-patching rendezvous
 *    while it waits (smp_spin_poll()), so a lock's holder may patch text;
 *  - nothing waits for a grace period (quiesce_sync()) or another CPU's
 *    work while holding a spinlock;
 *  - inside smp_rendezvous_begin()..end() no other lock is taken (the
 *    rendezvous holds its own).
 * Probe hits take no lock: they read what writers publish (the writers
 * lock among themselves and free after a grace period, include/ek/quiesce.h).
 */
#ifndef EK_SPINLOCK_H
#define EK_SPINLOCK_H

#include <ek/arch.h>
#include <ek/types.h>

typedef struct {
	u32 word;
} spinlock_t;

#define SPINLOCK_INIT { 0 }

/*
 * Until a second CPU starts, a lock is only interrupt masking: the early
 * boot (a thousand probes armed before the MMU, every printk) pays no
 * atomic for locks nobody else can take. smp_lock_start() turns locking
 * on, on the boot CPU with interrupts masked and no lock held, before the
 * first secondary starts, so no lock is ever taken in one mode and
 * released in the other.
 */
extern bool smp_locking;
void smp_lock_start(void);

static inline void spin_lock(spinlock_t *l)
{
	if (READ_ONCE(smp_locking))
		arch_spin_lock(&l->word);
}

static inline bool spin_trylock(spinlock_t *l)
{
	return !READ_ONCE(smp_locking) || arch_spin_trylock(&l->word);
}

static inline void spin_unlock(spinlock_t *l)
{
	if (READ_ONCE(smp_locking))
		arch_spin_unlock(&l->word);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = arch_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	arch_irq_restore(flags);
}

/* *@p = (*@p & ~@clear) | @set, atomically; returns the old value. */
static inline u32 atomic_update_bits(u32 *p, u32 clear, u32 set)
{
	for (u32 old = READ_ONCE(*p);;) {
		u32 seen = arch_atomic_cmpxchg(p, old, (old & ~clear) | set);

		if (seen == old)
			return old;
		old = seen;
	}
}

/*
 * A lock its holder's CPU may take again: the console's (a probe hit or a
 * fault while printing prints too) and the probe core's (a handler hit
 * inside the core's own calls, kzalloc say, may unregister its probe; a
 * fault in a handler disables it). Nested on one CPU it behaves as
 * interrupt masking did with one CPU: the inner section runs in the middle
 * of the outer one.
 */
struct rspinlock {
	spinlock_t lock;
	volatile u32 owner; /* CPU number + 1, 0: free */
	unsigned int depth;
};

#define RSPINLOCK_INIT { SPINLOCK_INIT, 0, 0 }

unsigned long rspin_lock_irqsave_smp(struct rspinlock *l);
void rspin_unlock_irqrestore_smp(struct rspinlock *l, unsigned long flags);

static inline unsigned long rspin_lock_irqsave(struct rspinlock *l)
{
	return READ_ONCE(smp_locking) ? rspin_lock_irqsave_smp(l) : arch_irq_save();
}

static inline void rspin_unlock_irqrestore(struct rspinlock *l, unsigned long flags)
{
	if (READ_ONCE(smp_locking))
		rspin_unlock_irqrestore_smp(l, flags);
	else
		arch_irq_restore(flags);
}

#endif
