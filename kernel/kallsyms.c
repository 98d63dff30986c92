/*
 * Symbol lookup over the build-time table: names through its hash index
 * (O(1): a device tree may name a thousand functions before the MMU is
 * on), addresses by binary search.
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

typedef u32 __attribute__((may_alias)) name_word;

/*
 * Entry @idx is named exactly the @len bytes at @name (no NUL among
 * them). A word at a time when both are aligned, as the generated table's
 * names and a struct probe_def's symbol are: the word holding the entry's
 * NUL differs from @name's, so nothing past that word is read.
 */
static bool name_is(u32 idx, const char *name, size_t len)
{
	const char *e = entry_name(idx);
	size_t i = 0;

	if ((((uintptr_t)e | (uintptr_t)name) & 3) == 0)
		for (; i + 4 <= len; i += 4)
			if (*(const name_word *)(e + i) != *(const name_word *)(name + i))
				return false;
	for (; i < len; i++)
		if (e[i] != name[i])
			return false;
	return e[len] == '\0';
}

/* Entry index of the lowest-addressed symbol named @name, or -1. */
static int find_name(const char *name, size_t len)
{
	/* The generator leaves at least half the slots empty. */
	for (u32 h = kallsyms_name_hash(name, len);; h++) {
		u16 e = table->hash[h & table->hash_mask];

		if (!e)
			return -1;
		if (name_is(e - 1u, name, len))
			return (int)(e - 1u);
	}
}

/* What kallsyms_lookup() reports as the size at entry @idx's address: the
 * preferred entry there is the last one, sized or running to the next. */
static unsigned long size_at(u32 idx)
{
	u32 j = idx;

	while (j + 1 < table->num && table->addrs[j + 1] == table->addrs[idx])
		j++;
	if (table->sizes[j])
		return table->sizes[j];
	return j + 1 < table->num ? table->addrs[j + 1] - table->addrs[j] : 0;
}

unsigned long kallsyms_lookup_name_size(const char *name, size_t len, unsigned long *size)
{
	int idx = table && table->num ? find_name(name, len) : -1;

	if (size)
		*size = idx < 0 ? 0 : size_at((u32)idx);
	return idx < 0 ? 0 : load_base + table->addrs[idx];
}

unsigned long kallsyms_lookup_name(const char *name)
{
	return kallsyms_lookup_name_size(name, strlen(name), NULL);
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

bool kallsyms_is_function_start(unsigned long addr)
{
	u32 lo = 0, hi, off;

	if (!table || !table->num || addr < load_base)
		return false;
	off = (u32)(addr - load_base);
	hi = table->num;
	/* The first entry at or above @off; then every entry at @off. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (table->addrs[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < table->num && table->addrs[lo] == off; lo++) {
		char type = table->names[table->name_off[lo]];

		/* 'W': a weak function (nm says 'V' for a weak object). */
		if (table->sizes[lo] && (type == 't' || type == 'T' || type == 'W'))
			return true;
	}
	return false;
}

char kallsyms_text_kind(unsigned long addr)
{
	u32 lo = 0, hi, off;

	if (!table || !table->nmap || addr < load_base)
		return 0;
	off = (u32)(addr - load_base);
	hi = table->nmap;
	/* The first range that ends after @off. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (table->map_range[2 * mid + 1] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < table->nmap && table->map_range[2 * lo] <= off)
		return table->map_kind[lo];
	return 0;
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
