/*
 * Symbol lookup over the build-time table. Both directions are binary
 * searches, so probes given by name are resolved in O(log n) even when the
 * device tree names hundreds of them before the MMU is on.
 */
#include <ek/kallsyms.h>
#include <ek/printk.h>
#include <ek/string.h>

static const struct kallsyms_table *table;
static unsigned long load_base;

void kallsyms_init(const struct kallsyms_table *tab, unsigned long base)
{
	table = tab;
	load_base = base;
}

static const char *entry_name(u32 idx)
{
	return table->names + table->name_off[idx] + 1;
}

unsigned long kallsyms_lookup_name(const char *name)
{
	u32 lo = 0, hi;

	if (!table)
		return 0;
	hi = table->num;
	/* First entry not below @name: among duplicate local names the
	 * generator puts the lowest address first, and that one answers. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (strcmp(entry_name(table->by_name[mid]), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < table->num && !strcmp(entry_name(table->by_name[lo]), name))
		return load_base + table->addrs[table->by_name[lo]];
	return 0;
}

bool kallsyms_lookup(unsigned long addr, const char **name, unsigned long *offset,
		     unsigned long *size)
{
	u32 lo = 0, hi, idx;
	unsigned long off, sz;

	if (!table || !table->num || addr < load_base)
		return false;
	off = addr - load_base;
	hi = table->num;
	/* First entry with address > off. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (table->addrs[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	idx = lo - 1;
	sz = table->sizes[idx];
	if (!sz) /* unknown size: extends to the next symbol */
		sz = lo < table->num ? table->addrs[lo] - table->addrs[idx] : 0;
	if (off - table->addrs[idx] >= sz)
		return false;
	if (name)
		*name = entry_name(idx);
	if (offset)
		*offset = off - table->addrs[idx];
	if (size)
		*size = sz;
	return true;
}

int kallsyms_snprint_symbol(char *buf, size_t size, unsigned long addr, bool with_size)
{
	const char *name;
	unsigned long off, sz;

	if (!kallsyms_lookup(addr, &name, &off, &sz))
		return kscnprintf(buf, size, "0x%lx", addr);
	if (with_size)
		return kscnprintf(buf, size, "%s+0x%lx/0x%lx", name, off, sz);
	return kscnprintf(buf, size, "%s+0x%lx", name, off);
}

unsigned int kallsyms_count(void)
{
	return table ? table->num : 0;
}

bool kallsyms_entry(unsigned int idx, unsigned long *addr, char *type, const char **name)
{
	if (!table || idx >= table->num)
		return false;
	*addr = load_base + table->addrs[idx];
	*type = table->names[table->name_off[idx]];
	*name = entry_name(idx);
	return true;
}
