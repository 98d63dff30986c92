/* Shell commands for poking at the running kernel. */
#include <ek/arch.h>
#include <ek/crc32.h>
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/kallsyms.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>

/* ADDR, SYMBOL or SYMBOL+OFFSET (as kprobes/list prints a probe). */
static int parse_addr(const char *s, unsigned long *addr)
{
	const char *plus = strchr(s, '+');
	char name[KSYM_NAME_LEN];
	unsigned long off = 0;

	if (kstrtoul(s, 0, addr) == 0)
		return 0;
	if (plus) {
		if ((size_t)(plus - s) >= sizeof(name) || kstrtoul(plus + 1, 0, &off))
			return -EINVAL;
		memcpy(name, s, (size_t)(plus - s));
		name[plus - s] = '\0';
		s = name;
	}
	*addr = kallsyms_lookup_name(s);
	if (!*addr)
		return -ENOENT;
	*addr += off;
	return 0;
}

/* sym NAME|ADDR: kallsyms both ways */
static int cmd_sym(int argc, char **argv)
{
	unsigned long addr;
	char buf[KSYM_NAME_LEN + 32];

	if (argc != 2) {
		console_printf("usage: sym NAME|ADDR\n");
		return -EINVAL;
	}
	if (kstrtoul(argv[1], 0, &addr) == 0) {
		kallsyms_snprint_symbol(buf, sizeof(buf), addr, true);
		console_printf("0x%08lx %s\n", addr, buf);
		return 0;
	}
	addr = kallsyms_lookup_name(argv[1]);
	if (!addr) {
		console_printf("sym: %s: unknown symbol\n", argv[1]);
		return -ENOENT;
	}
	console_printf("0x%08lx %s\n", addr, argv[1]);
	return 0;
}
static const struct shell_cmd sym_cmd = { "sym", "NAME|ADDR: look up a kernel symbol",
					  cmd_sym };
SHELL_CMD(sym_cmd);

/* peek/poke report faults (registers + backtrace) and carry on. */
static int cmd_peek(int argc, char **argv)
{
	unsigned long addr;
	u32 val;
	int ret;

	if (argc != 2 || parse_addr(argv[1], &addr)) {
		console_printf("usage: peek ADDR|SYMBOL\n");
		return -EINVAL;
	}
	ret = arch_debug_read32(addr, &val);
	if (ret) {
		console_printf("peek: 0x%08lx: fault (%d)\n", addr, ret);
		return ret;
	}
	console_printf("0x%08lx: 0x%08x\n", addr, val);
	return 0;
}
static const struct shell_cmd peek_cmd = { "peek", "ADDR|SYMBOL: read a word", cmd_peek };
SHELL_CMD(peek_cmd);

/* md ADDR|SYMBOL [WORDS]: words from ADDR, four a line (U-Boot's md);
 * stops at the first that faults. */
static int cmd_md(int argc, char **argv)
{
	unsigned long addr, count = 4;

	if (argc < 2 || argc > 3 || parse_addr(argv[1], &addr) ||
	    (argc == 3 && kstrtoul(argv[2], 0, &count))) {
		console_printf("usage: md ADDR|SYMBOL [WORDS]\n");
		return -EINVAL;
	}
	addr &= ~3ul;
	for (unsigned long i = 0; i < count; i += 4) {
		u32 w[4];
		unsigned long n = MIN(4ul, count - i);

		for (unsigned long k = 0; k < n; k++) {
			if (arch_probe_read32(addr + 4 * (i + k), &w[k])) {
				console_printf("md: 0x%08lx: fault\n", addr + 4 * (i + k));
				return -EFAULT;
			}
		}
		console_printf("0x%08lx:", addr + 4 * i);
		for (unsigned long k = 0; k < n; k++)
			console_printf(" %08x", w[k]);
		console_printf("\n");
	}
	return 0;
}
static const struct shell_cmd md_cmd = { "md", "ADDR|SYMBOL [WORDS]: display words",
					 cmd_md };
SHELL_CMD(md_cmd);

/* crc32 ADDR|SYMBOL BYTES [CHUNK]: the CRC-32 of each CHUNK bytes (all by
 * default), one line each: a whole region compared with an image in a
 * few lines of console output. */
static int cmd_crc32(int argc, char **argv)
{
	unsigned long addr, len, chunk;

	if (argc < 3 || argc > 4 || parse_addr(argv[1], &addr) || kstrtoul(argv[2], 0, &len) ||
	    (argc == 4 && (kstrtoul(argv[3], 0, &chunk) || !chunk))) {
		console_printf("usage: crc32 ADDR|SYMBOL BYTES [CHUNK]\n");
		return -EINVAL;
	}
	if (argc == 3)
		chunk = len ? len : 1;
	for (unsigned long off = 0; off < len; off += chunk) {
		unsigned long n = MIN(chunk, len - off);
		u32 crc = 0, w;

		/* word by word through the fault-tolerant read */
		for (unsigned long k = 0; k < n; k += 4) {
			if (arch_probe_read32((addr + off + k) & ~3ul, &w)) {
				console_printf("crc32: 0x%08lx: fault\n", addr + off + k);
				return -EFAULT;
			}
			crc = crc32_update(crc, &w, MIN(4ul, n - k));
		}
		console_printf("0x%08lx: %08x\n", addr + off, crc);
	}
	return 0;
}
static const struct shell_cmd crc32_cmd = { "crc32", "ADDR|SYMBOL BYTES [CHUNK]: CRC-32 of memory",
					    cmd_crc32 };
SHELL_CMD(crc32_cmd);

static int cmd_poke(int argc, char **argv)
{
	unsigned long addr, val;
	int ret;

	if (argc != 3 || parse_addr(argv[1], &addr) || kstrtoul(argv[2], 0, &val)) {
		console_printf("usage: poke ADDR|SYMBOL VALUE\n");
		return -EINVAL;
	}
	ret = arch_debug_write32(addr, (u32)val);
	if (ret) {
		console_printf("poke: 0x%08lx: fault (%d)\n", addr, ret);
		return ret;
	}
	console_printf("0x%08lx <- 0x%08lx\n", addr, val);
	return 0;
}
static const struct shell_cmd poke_cmd = { "poke", "ADDR|SYMBOL VALUE: write a word",
					   cmd_poke };
SHELL_CMD(poke_cmd);

/* call ADDR|SYMBOL: run a function (no arguments). Jumping to memory that
 * is not executable shows the prefetch-abort report; the CPU then halts. */
static int cmd_call(int argc, char **argv)
{
	unsigned long addr;
	int (*fn)(void);

	if (argc != 2 || parse_addr(argv[1], &addr)) {
		console_printf("usage: call ADDR|SYMBOL\n");
		return -EINVAL;
	}
	fn = (int (*)(void))addr;
	console_printf("call: %pS returned %d\n", (void *)addr, fn());
	return 0;
}
static const struct shell_cmd call_cmd = { "call", "ADDR|SYMBOL: call a function", cmd_call };
SHELL_CMD(call_cmd);

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kernel_poweroff();
}
static const struct shell_cmd poweroff_cmd = { "poweroff", "power the board off",
					       cmd_poweroff };
SHELL_CMD(poweroff_cmd);
