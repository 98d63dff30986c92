/* Interrupt dispatch: the irqchip acknowledges, the line's handler runs
 * (on whichever CPU took the interrupt: counts are atomic). */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/irq.h>
#include <ek/printk.h>
#include <ek/trace.h>

static const struct irq_chip *chip;
static struct {
	irq_handler_t fn;
	void *data;
	const char *name;
	u64 count;
} lines[NR_IRQS];
static u64 spurious;

void irq_set_chip(const struct irq_chip *c)
{
	chip = c;
}

const struct irq_chip *irq_get_chip(void)
{
	return chip;
}

int request_irq(unsigned int irq, irq_handler_t fn, void *data, const char *name)
{
	if (!chip)
		return -ENODEV;
	if (irq >= NR_IRQS)
		return -EINVAL;
	if (lines[irq].fn)
		return -EBUSY;
	lines[irq].fn = fn;
	lines[irq].data = data;
	lines[irq].name = name;
	chip->unmask(irq);
	return 0;
}

void handle_irq(struct pt_regs *regs)
{
	u32 ctx;
	int irq;

	(void)regs;
	if (!chip)
		return;
	ctx = trace_irq_enter(); /* the trace's hardirq flag */
	while ((irq = chip->ack()) >= 0) {
		if (irq < NR_IRQS && lines[irq].fn) {
			arch_atomic64_add_return(&lines[irq].count, 1);
			lines[irq].fn((unsigned int)irq, lines[irq].data);
		} else {
			arch_atomic64_add_return(&spurious, 1);
			if (irq < NR_IRQS)
				chip->mask((unsigned int)irq);
		}
		chip->eoi((unsigned int)irq);
	}
	trace_irq_exit(ctx);
}

void irq_for_each(void (*fn)(unsigned int irq, const char *name, u64 count, void *ctx),
		  void *ctx)
{
	for (unsigned int i = 0; i < NR_IRQS; i++)
		if (lines[i].fn)
			fn(i, lines[i].name, lines[i].count, ctx);
	fn(NR_IRQS, "spurious", spurious, ctx);
}
