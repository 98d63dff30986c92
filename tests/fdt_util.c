#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/fdt.h>

#include "fdt_util.h"

void *load_blob(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) {
		perror(path);
		abort();
	}
	buf = malloc((size_t)len);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		abort();
	}
	fclose(f);
	*size = (size_t)len;
	return buf;
}

void *copy_blob(const void *src, size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		abort();
	memcpy(p, src, size);
	return p;
}

/* Reads every byte of a returned value so that ASan checks it; the sum
 * goes to a volatile so the compiler cannot drop the reads. */
static volatile unsigned long sink;

static void touch(const void *p, int len)
{
	const unsigned char *b = p;

	for (int i = 0; b && i < len; i++)
		sink += b[i];
}

static unsigned long walk_props(const void *fdt, int node)
{
	unsigned long calls = 0;

	for (int prop = dtb_first_property(fdt, node); prop >= 0;
	     prop = dtb_next_property(fdt, prop), calls++) {
		const char *name;
		int len, slen, n;
		const char *val = dtb_getprop_by_offset(fdt, prop, &name, &len);
		u32 v;

		touch(val, len);
		touch(name, (int)strlen(name) + 1);
		dtb_getprop(fdt, node, name, &len);
		dtb_getprop_u32(fdt, node, name, &v);
		n = dtb_stringlist_count(fdt, node, name);
		for (int i = -1; i <= (n > 0 ? n : 0); i++) {
			const char *s = dtb_stringlist_get(fdt, node, name, i, &slen);

			if (s)
				touch(s, slen + 1);
			calls++;
		}
		calls += 4;
	}
	return calls;
}

unsigned long walk_all(const void *fdt)
{
	unsigned long calls = 0;
	int depth = 0;
	char path[4096];
	u64 a, s;

	for (int node = dtb_next_node(fdt, -1, &depth); node >= 0;
	     node = dtb_next_node(fdt, node, &depth)) {
		int len;
		const char *name = dtb_get_name(fdt, node, &len);
		const char *compat;
		u32 ph;

		touch(name, len + 1);
		calls += walk_props(fdt, node);
		for (int c = dtb_first_subnode(fdt, node); c >= 0; c = dtb_next_subnode(fdt, c))
			calls++;
		dtb_parent_offset(fdt, node);
		if (dtb_get_path(fdt, node, path, sizeof(path)) == 0) {
			dtb_path_offset(fdt, path, strlen(path));
			if (len > 0)
				dtb_path_offset(fdt, name, (size_t)len); /* as an alias */
		}
		dtb_address_cells(fdt, node);
		dtb_size_cells(fdt, node);
		for (int i = -1; i < 4; i++)
			dtb_read_reg(fdt, node, i, &a, &s);
		dtb_read_reg(fdt, node, INT_MAX, &a, &s);
		compat = dtb_stringlist_get(fdt, node, "compatible", 0, NULL);
		if (compat) {
			dtb_node_check_compatible(fdt, node, compat);
			dtb_node_offset_by_compatible(fdt, -1, compat);
		}
		if (dtb_getprop_u32(fdt, node, "phandle", &ph))
			dtb_node_offset_by_phandle(fdt, ph);
		calls += 12;
	}
	for (int n = 0, max = dtb_num_mem_rsv(fdt); n <= max; n++, calls++)
		dtb_get_mem_rsv(fdt, n, &a, &s);
	return calls;
}
