/*
 * Atomics and the ticket spinlock (include/ek/arch.h, include/ek/spinlock.h)
 * with LDREX/STREX. Never probed (__noprobe): a probe between an exclusive
 * load and its store would make the store fail on every retry.
 *
 * The lock word holds two 16-bit tickets, owner (low half) and next (high
 * half): a CPU takes the next ticket and waits until the owner reaches it,
 * so CPUs get the lock in the order they asked (Linux's ARM lock). A
 * waiting CPU sleeps in WFE (the unlock sends an event) and meanwhile joins
 * any text-patching rendezvous (smp_spin_poll()), so a lock is never
 * waited for by a CPU that the lock's holder is itself waiting for.
 */
#include <ek/arch.h>
#include <ek/noprobe.h>
#include <ek/smp.h>

#define TICKET_SHIFT 16

typedef u16 __attribute__((may_alias)) ticket_t;

__noprobe u32 arch_atomic_add_return(u32 *p, u32 v)
{
	u32 result, fail;

	arch_smp_mb();
	__asm__ __volatile__("1:	ldrex	%0, [%2]\n"
			     "	add	%0, %0, %3\n"
			     "	strex	%1, %0, [%2]\n"
			     "	teq	%1, #0\n"
			     "	bne	1b"
			     : "=&r"(result), "=&r"(fail)
			     : "r"(p), "Ir"(v)
			     : "cc", "memory");
	arch_smp_mb();
	return result;
}

__noprobe u64 arch_atomic64_add_return(u64 *p, u64 v)
{
	u64 result;
	u32 fail;

	arch_smp_mb();
	__asm__ __volatile__("1:	ldrexd	%0, %H0, [%2]\n"
			     "	adds	%Q0, %Q0, %Q3\n"
			     "	adc	%R0, %R0, %R3\n"
			     "	strexd	%1, %0, %H0, [%2]\n"
			     "	teq	%1, #0\n"
			     "	bne	1b"
			     : "=&r"(result), "=&r"(fail)
			     : "r"(p), "r"(v)
			     : "cc", "memory");
	arch_smp_mb();
	return result;
}

__noprobe u32 arch_atomic_cmpxchg(u32 *p, u32 old, u32 new_value)
{
	u32 seen, fail;

	arch_smp_mb();
	do {
		__asm__ __volatile__("ldrex	%1, [%2]\n"
				     "	mov	%0, #0\n"
				     "	teq	%1, %3\n"
				     "	strexeq	%0, %4, [%2]"
				     : "=&r"(fail), "=&r"(seen)
				     : "r"(p), "r"(old), "r"(new_value)
				     : "cc", "memory");
	} while (fail);
	arch_smp_mb();
	return seen;
}

__noprobe u32 arch_atomic_xchg(u32 *p, u32 v)
{
	u32 seen, fail;

	arch_smp_mb();
	__asm__ __volatile__("1:	ldrex	%0, [%2]\n"
			     "	strex	%1, %3, [%2]\n"
			     "	teq	%1, #0\n"
			     "	bne	1b"
			     : "=&r"(seen), "=&r"(fail)
			     : "r"(p), "r"(v)
			     : "cc", "memory");
	arch_smp_mb();
	return seen;
}

__noprobe void arch_spin_lock(u32 *lock)
{
	u32 old, fail, mine;

	/* Take a ticket: next += 1, keeping the old word. */
	__asm__ __volatile__("1:	ldrex	%0, [%3]\n"
			     "	add	%1, %0, %4\n"
			     "	strex	%2, %1, [%3]\n"
			     "	teq	%2, #0\n"
			     "	bne	1b"
			     : "=&r"(old), "=&r"(mine), "=&r"(fail)
			     : "r"(lock), "I"(1 << TICKET_SHIFT)
			     : "cc", "memory");
	mine = old >> TICKET_SHIFT;
	while ((old & 0xffff) != mine) {
		arch_cpu_wait_event();
		smp_spin_poll();
		old = READ_ONCE(*lock);
	}
	arch_smp_mb(); /* the critical section after the lock */
}

__noprobe bool arch_spin_trylock(u32 *lock)
{
	u32 old = READ_ONCE(*lock);

	/* Free when owner == next: take the next ticket if still so. */
	if ((old & 0xffff) != old >> TICKET_SHIFT)
		return false;
	if (arch_atomic_cmpxchg(lock, old, old + (1u << TICKET_SHIFT)) != old)
		return false;
	return true;
}

__noprobe void arch_spin_unlock(u32 *lock)
{
	arch_smp_mb(); /* the critical section before the release */
	/* Only the holder writes the owner half: a halfword store. */
	ticket_t *owner = (ticket_t *)lock; /* little-endian: the low half */

	WRITE_ONCE(*owner, (u16)(*owner + 1));
	arch_cpu_send_event();
}
