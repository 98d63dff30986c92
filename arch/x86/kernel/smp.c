/*
 * One CPU on i386 (secondary CPU start-up is ARM's, issue 13), but the same
 * core code: the atomics and the spinlock are real (LOCK-prefixed, XCHG),
 * and there is never another CPU to interrupt.
 */
#include <ek/arch.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/smp.h>

void smp_init(void)
{
	printk("smp: 1 of 1 CPU(s) online (no secondary CPU start-up on i386)\n");
}

__noprobe u32 arch_atomic_add_return(u32 *p, u32 v)
{
	u32 old = v;

	__asm__ __volatile__("lock; xaddl %0, %1" : "+r"(old), "+m"(*p) : : "memory", "cc");
	return old + v;
}

__noprobe u64 arch_atomic64_add_return(u64 *p, u64 v)
{
	u64 old = *p, seen;

	/* CMPXCHG8B: EDX:EAX compared, ECX:EBX stored. */
	for (;;) {
		u64 want = old + v;

		__asm__ __volatile__("lock; cmpxchg8b %1"
				     : "=A"(seen), "+m"(*p)
				     : "0"(old), "b"((u32)want), "c"((u32)(want >> 32))
				     : "memory", "cc");
		if (seen == old)
			return want;
		old = seen;
	}
}

__noprobe u32 arch_atomic_cmpxchg(u32 *p, u32 old, u32 new_value)
{
	u32 seen;

	__asm__ __volatile__("lock; cmpxchgl %2, %1"
			     : "=a"(seen), "+m"(*p)
			     : "r"(new_value), "0"(old)
			     : "memory", "cc");
	return seen;
}

__noprobe u32 arch_atomic_xchg(u32 *p, u32 v)
{
	__asm__ __volatile__("xchgl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

__noprobe bool arch_spin_trylock(u32 *lock)
{
	return arch_atomic_xchg(lock, 1) == 0;
}

__noprobe void arch_spin_lock(u32 *lock)
{
	while (!arch_spin_trylock(lock)) {
		arch_cpu_wait_event();
		smp_spin_poll();
	}
}

__noprobe void arch_spin_unlock(u32 *lock)
{
	__asm__ __volatile__("" ::: "memory");
	WRITE_ONCE(*lock, 0);
}

/* No other CPU comes online on i386: nothing is ever sent. */
__noprobe void arch_send_ipi(unsigned int cpu, unsigned int ipi)
{
	(void)cpu;
	(void)ipi;
}

__noprobe void arch_send_ipi_others(unsigned int ipi)
{
	(void)ipi;
}
