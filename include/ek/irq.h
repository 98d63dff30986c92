/* Interrupt handling: one irqchip (from the DT) and per-line handlers. */
#ifndef EK_IRQ_H
#define EK_IRQ_H

#include <ek/types.h>

#define NR_IRQS 256

struct pt_regs;

typedef void (*irq_handler_t)(unsigned int irq, void *data);

struct irq_chip {
	const char *name;
	/* Next pending interrupt (acknowledged), or -1 when none / spurious. */
	int (*ack)(void);
	void (*eoi)(unsigned int irq);
	void (*mask)(unsigned int irq);
	void (*unmask)(unsigned int irq);
	/* DT interrupt specifier -> irq number */
	int (*xlate)(const u32 *cells, int ncells);
	int cells; /* #interrupt-cells */
};

void irq_set_chip(const struct irq_chip *chip);
const struct irq_chip *irq_get_chip(void);
int request_irq(unsigned int irq, irq_handler_t fn, void *data, const char *name);
/* Called by the arch's IRQ exception entry. */
void handle_irq(struct pt_regs *regs);
/* For /proc/interrupts */
void irq_for_each(void (*fn)(unsigned int irq, const char *name, u64 count, void *ctx),
		  void *ctx);

#endif
