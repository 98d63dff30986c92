/*
 * ARM PL011 UART. As early console it is a polled transmitter usable before
 * the MMU; when the DT driver probes the same UART later, receive switches
 * to interrupts feeding a small ring the shell reads.
 */
#include <ek/arch.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <ek/printk.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define UARTICR 0x44
#define UARTCR 0x30
#define UARTLCR_H 0x2c
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_BUSY (1u << 3)
#define FR_TXFE (1u << 7)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)
#define LCR_FEN (1u << 4)
#define LCR_WLEN8 (3u << 5)

#define RX_RING 256

struct pl011 {
	volatile u32 *regs;
	phys_addr_t phys;
	bool irq_mode;
	u8 rx[RX_RING];
	unsigned int rx_head, rx_tail;
	struct console con;
};

static struct pl011 uart0;

static u32 rd(struct pl011 *u, unsigned int off)
{
	return u->regs[off / 4];
}

static void wr(struct pl011 *u, unsigned int off, u32 v)
{
	u->regs[off / 4] = v;
}

static void putc_raw(struct pl011 *u, char c)
{
	while (rd(u, UARTFR) & FR_TXFF)
		;
	wr(u, UARTDR, (u8)c);
}

/*
 * With the FIFO on (pl011_early_setup() sets LCR_H.FEN), an empty FIFO
 * (FR.TXFE) takes TX_FIFO_MIN characters at once (16 on every PL011
 * revision, 32 on later ones): one status read per burst instead of one
 * per character. A burst is half of that, as '\n' goes out as "\r\n".
 */
#define TX_FIFO_MIN 16

/* One character into a FIFO known to have room for two. */
static inline void tx_char(struct pl011 *u, char c)
{
	if (c == '\n')
		wr(u, UARTDR, '\r');
	wr(u, UARTDR, (u8)c);
}

static void pl011_write(struct console *con, const char *s, size_t n)
{
	struct pl011 *u = con->priv;
	const char *end = s + n;

	while (s < end) {
		size_t burst = (size_t)(end - s);

		if (!(rd(u, UARTFR) & FR_TXFE)) {
			/* FIFO partly full: a character at a time */
			if (*s == '\n')
				putc_raw(u, '\r');
			putc_raw(u, *s++);
			continue;
		}
		if (burst >= TX_FIFO_MIN / 2) {
#pragma GCC unroll 8
			for (int i = 0; i < TX_FIFO_MIN / 2; i++)
				tx_char(u, s[i]);
			s += TX_FIFO_MIN / 2;
			continue;
		}
		while (s < end)
			tx_char(u, *s++);
	}
}

static int pl011_getc(struct console *con)
{
	struct pl011 *u = con->priv;
	int c;

	if (!u->irq_mode)
		return rd(u, UARTFR) & FR_RXFE ? -1 : (int)(rd(u, UARTDR) & 0xff);
	if (u->rx_head == u->rx_tail)
		return -1;
	c = u->rx[u->rx_tail % RX_RING];
	u->rx_tail++;
	return c;
}

static void pl011_irq(unsigned int irq, void *data)
{
	struct pl011 *u = data;

	(void)irq;
	/* Acknowledge first, then drain: a character arriving while we drain
	 * raises the interrupt again instead of being stranded in the FIFO
	 * (the receive interrupt fires on the empty -> non-empty edge). */
	wr(u, UARTICR, INT_RX | INT_RT);
	while (!(rd(u, UARTFR) & FR_RXFE)) {
		u8 c = (u8)rd(u, UARTDR);

		if (u->rx_head - u->rx_tail < RX_RING)
			u->rx[u->rx_head++ % RX_RING] = c;
	}
}

static int pl011_early_setup(phys_addr_t base)
{
	struct pl011 *u = &uart0;

	u->regs = ioremap(base, 0x1000);
	u->phys = base;
	/* Keep the loader's baud rate; just make sure 8N1, FIFOs, TX and RX. */
	wr(u, UARTLCR_H, LCR_WLEN8 | LCR_FEN);
	wr(u, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
	u->con.name = "pl011";
	u->con.write = pl011_write;
	u->con.getc = pl011_getc;
	u->con.priv = u;
	console_register(&u->con);
	return 0;
}

static const struct earlycon pl011_earlycon = { "arm,pl011", pl011_early_setup };
EARLYCON_DECLARE(pl011_earlycon);

static int pl011_probe(struct dt_device *dev)
{
	struct pl011 *u = &uart0;
	u64 addr, size;
	int irq, ret;

	/* Only the console UART is driven; others are left alone. */
	if (!u->regs || dtb_read_reg(dev->fdt, dev->node, 0, &addr, &size) ||
	    (phys_addr_t)addr != u->phys)
		return -ENODEV;
	irq = dt_irq(dev, 0);
	if (irq < 0)
		return irq;
	wr(u, UARTICR, 0x7ff);
	ret = request_irq((unsigned int)irq, pl011_irq, u, "uart-pl011");
	if (ret)
		return ret;
	u->irq_mode = true;
	wr(u, UARTIMSC, INT_RX | INT_RT);
	return 0;
}

static const char *const pl011_compat[] = { "arm,pl011", NULL };
static const struct dt_driver pl011_driver = { "uart-pl011", pl011_compat, pl011_probe };
DRIVER_DECLARE(pl011_driver);
