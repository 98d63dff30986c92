/*
 * 16550A UART on x86 I/O ports (the PC's COM1 at 0x3f8). Binding (ours,
 * dts/pc.dts): compatible = "ns16550a"; reg = <port size> is a range of
 * the CPU's I/O port space, not memory (every node of dts/pc.dts with a
 * port-I/O compatible reads reg that way); interrupts = <ISA IRQ> on the
 * i8259. As early console it is a polled transmitter usable from the
 * first C function; when the DT driver probes the same UART, receive
 * switches to interrupts feeding a small ring the shell reads.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/irq.h>
#include <ek/printk.h>
#include <asm/io.h>

#define RBR 0 /* receive buffer (read) */
#define THR 0 /* transmit holding (write) */
#define DLL 0 /* divisor latch, with LCR.DLAB */
#define IER 1
#define DLM 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define SCR 7
#define IER_RDI 0x01     /* receive data available */
#define FCR_ENABLE 0x07  /* FIFOs on, both cleared */
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define MCR_DTR_RTS 0x03
#define MCR_OUT2 0x08    /* on a PC, gates the UART's IRQ line */
#define LSR_DR 0x01
#define LSR_THRE 0x20    /* transmit FIFO empty */
#define FIFO_SIZE 16
#define BAUD_DIVISOR 1   /* 115200 from the 1.8432 MHz clock */

#define RX_RING 256

struct ns16550 {
	u16 port;
	bool irq_mode;
	u8 rx[RX_RING];
	unsigned int rx_head, rx_tail;
	struct console con;
};

static struct ns16550 uart0;

static u8 rd(struct ns16550 *u, unsigned int r)
{
	return inb((u16)(u->port + r));
}

static void wr(struct ns16550 *u, unsigned int r, u8 v)
{
	outb((u16)(u->port + r), v);
}

/* An empty FIFO takes FIFO_SIZE characters at once: one status read
 * per burst instead of one per character, and the run up to a '\n' (which
 * goes out as "\r\n") in one string output: the boot log is written
 * before the early probes are armed. */
static void ns16550_write(struct console *con, const char *s, size_t n)
{
	struct ns16550 *u = con->priv;
	const char *end = s + n;

	while (s < end) {
		size_t room = FIFO_SIZE;

		while (!(rd(u, LSR) & LSR_THRE))
			;
		while (s < end && room >= 2) {
			size_t lim = MIN(room, (size_t)(end - s)), k = 0;

			while (k < lim && s[k] != '\n')
				k++;
			if (!k) {
				wr(u, THR, '\r');
				wr(u, THR, '\n');
				s++;
				room -= 2;
				continue;
			}
			outsb((u16)(u->port + THR), s, k);
			s += k;
			room -= k;
		}
	}
}

static int ns16550_getc(struct console *con)
{
	struct ns16550 *u = con->priv;
	int c;

	if (!u->irq_mode)
		return rd(u, LSR) & LSR_DR ? rd(u, RBR) : -1;
	if (u->rx_head == u->rx_tail)
		return -1;
	c = u->rx[u->rx_tail % RX_RING];
	u->rx_tail++;
	return c;
}

static void ns16550_irq(unsigned int irq, void *data)
{
	struct ns16550 *u = data;

	(void)irq;
	/* Reading RBR until LSR.DR clears is the acknowledge. */
	while (rd(u, LSR) & LSR_DR) {
		u8 c = rd(u, RBR);

		if (u->rx_head - u->rx_tail < RX_RING)
			u->rx[u->rx_head++ % RX_RING] = c;
	}
}

/* Something that keeps what is written to the scratch register: an
 * absent port reads 0xff. */
static bool present(struct ns16550 *u)
{
	wr(u, SCR, 0x5a);
	if (rd(u, SCR) != 0x5a)
		return false;
	wr(u, SCR, 0xa5);
	return rd(u, SCR) == 0xa5;
}

static int ns16550_early_setup(phys_addr_t base)
{
	struct ns16550 *u = &uart0;

	if (base > 0xfff8)
		return -EINVAL; /* not an I/O port */
	u->port = (u16)base;
	if (!present(u))
		return -ENODEV;
	wr(u, IER, 0);
	wr(u, LCR, LCR_DLAB);
	wr(u, DLL, BAUD_DIVISOR);
	wr(u, DLM, 0);
	wr(u, LCR, LCR_8N1);
	wr(u, FCR, FCR_ENABLE);
	wr(u, MCR, MCR_DTR_RTS | MCR_OUT2);
	u->con.name = "ns16550";
	u->con.write = ns16550_write;
	u->con.getc = ns16550_getc;
	u->con.priv = u;
	/* A BIOS may have left its cursor mid-line (SeaBIOS: "Booting
	 * from ROM.."): the log starts on a line of its own. */
	ns16550_write(&u->con, "\n", 1);
	console_register(&u->con);
	return 0;
}

static const struct earlycon ns16550_earlycon = { "ns16550a", ns16550_early_setup };
EARLYCON_DECLARE(ns16550_earlycon);

static int ns16550_probe(struct dt_device *dev)
{
	struct ns16550 *u = &uart0;
	u64 port, size;
	int irq, ret;

	/* Only the console UART is driven; others are left alone. */
	if (!u->port || dtb_read_reg(dev->fdt, dev->node, 0, &port, &size) || port != u->port)
		return -ENODEV;
	irq = dt_irq(dev, 0);
	if (irq < 0)
		return irq;
	ret = request_irq((unsigned int)irq, ns16550_irq, u, "uart-ns16550");
	if (ret)
		return ret;
	u->irq_mode = true;
	wr(u, IER, IER_RDI);
	return 0;
}

static const char *const ns16550_compat[] = { "ns16550a", NULL };
static const struct dt_driver ns16550_driver = { "uart-ns16550", ns16550_compat, ns16550_probe };
DRIVER_DECLARE(ns16550_driver);
