/* The recursive spinlock (include/ek/spinlock.h). Never probed: the probe
 * core and printk take it on the way to handlers and reports. */
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/spinlock.h>

__noprobe unsigned long rspin_lock_irqsave(struct rspinlock *l)
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

__noprobe void rspin_unlock_irqrestore(struct rspinlock *l, unsigned long flags)
{
	if (!--l->depth) {
		WRITE_ONCE(l->owner, 0);
		spin_unlock(&l->lock);
	}
	arch_irq_restore(flags);
}

__noprobe bool rspin_held(const struct rspinlock *l)
{
	return READ_ONCE(l->owner) == smp_processor_id() + 1;
}
