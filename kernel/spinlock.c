/* The recursive spinlock and the switch that turns locking on
 * (include/ek/spinlock.h). Never probed: the probe core and printk take
 * them on the way to handlers and reports. */
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/spinlock.h>

bool smp_locking;

__noprobe void smp_lock_start(void)
{
	unsigned long flags = arch_irq_save();

	WRITE_ONCE(smp_locking, true);
	arch_smp_mb();
	arch_irq_restore(flags);
}

__noprobe unsigned long rspin_lock_irqsave_smp(struct rspinlock *l)
{
	unsigned long flags = arch_irq_save();
	u32 me = smp_processor_id() + 1;

	if (READ_ONCE(l->owner) == me) {
		l->depth++;
		return flags;
	}
	spin_lock(&l->lock);
	WRITE_ONCE(l->owner, me);
	l->depth = 1;
	return flags;
}

__noprobe void rspin_unlock_irqrestore_smp(struct rspinlock *l, unsigned long flags)
{
	if (!--l->depth) {
		WRITE_ONCE(l->owner, 0);
		spin_unlock(&l->lock);
	}
	arch_irq_restore(flags);
}
