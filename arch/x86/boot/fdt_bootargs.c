/*
 * The multiboot command line goes into the DTB as /chosen/bootargs, as QEMU
 * does with -append on ARM: the core then finds the bootargs where it
 * always does. The edited tree is a fresh copy (header, reservations,
 * structure, strings), with the old bootargs property cut out and the new
 * one inserted as /chosen's first property (a /chosen node is added when
 * there is none). The blob is checked by kernel/fdt.c before it is read.
 */
#include <ek/errno.h>
#include <ek/fdt.h>
#include <ek/string.h>
#include "fdt_bootargs.h"

#define TOK_BEGIN_NODE 1u
#define TOK_END_NODE 2u
#define TOK_PROP 3u

#define HDR_SIZE 40u
#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_OFF_RSVMAP 16
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static u32 align4(u32 n)
{
	return (n + 3) & ~3u;
}

/* memcpy() for the blocks of the tree: the DTB is copied at every boot
 * before the early probes, and a string move costs one instruction per
 * word where the C loop takes four. */
static void copy(u8 *d, const u8 *s, size_t n)
{
#if defined(__i386__) || defined(__x86_64__)
	size_t words = n / 4;

	__asm__ __volatile__("rep movsl" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
	n &= 3;
#endif
	memcpy(d, s, n);
}

/* Where the new property goes ([*cut, *cut + *cutlen) of the structure
 * block is replaced by it); whether a /chosen node must be opened. */
static void find_spot(const void *fdt, u32 size_struct, u32 *cut, u32 *cutlen, bool *new_node)
{
	int chosen = dtb_path_offset(fdt, "/chosen", 7);
	int len, sub;

	*cutlen = 0;
	*new_node = chosen < 0;
	if (chosen < 0) {
		/* Before the root's first subnode, or its END_NODE. */
		sub = dtb_first_subnode(fdt, 0);
		*cut = sub >= 0 ? (u32)sub : size_struct - 8;
		return;
	}
	for (int p = dtb_first_property(fdt, chosen); p >= 0; p = dtb_next_property(fdt, p)) {
		const char *name;

		dtb_getprop_by_offset(fdt, p, &name, &len);
		if (name && !strcmp(name, "bootargs")) {
			*cut = (u32)p;
			*cutlen = 12 + align4((u32)len);
			return;
		}
	}
	dtb_get_name(fdt, chosen, &len);
	*cut = (u32)chosen + 4 + align4((u32)len + 1);
}

int fdt_copy_with_bootargs(void *dst, size_t room, const void *src, size_t srcsize,
			   const char *args, size_t alen)
{
	const u8 *s = src;
	u8 *d = dst;
	struct dtb_err err;
	u32 off_struct, size_struct, off_strings, size_strings, off_rsv, rsv_len = 0;
	u32 cut, cutlen, nameoff, ins_len, out_struct, total;
	bool new_node;

	if (dtb_check(src, srcsize, &err))
		return -EINVAL;
	off_struct = dtb32(s + HDR_OFF_STRUCT);
	size_struct = dtb32(s + HDR_SIZE_STRUCT);
	off_strings = dtb32(s + HDR_OFF_STRINGS);
	size_strings = dtb32(s + HDR_SIZE_STRINGS);
	off_rsv = dtb32(s + HDR_OFF_RSVMAP);
	/* Reservation entries up to and including the (0, 0) terminator. */
	do {
		rsv_len += 16;
	} while (off_rsv + rsv_len <= srcsize &&
		 (dtb32(s + off_rsv + rsv_len - 16) | dtb32(s + off_rsv + rsv_len - 12) |
		  dtb32(s + off_rsv + rsv_len - 8) | dtb32(s + off_rsv + rsv_len - 4)));
	find_spot(src, size_struct, &cut, &cutlen, &new_node);
	/* The name of the bootargs cut out, else a new "bootargs" string at
	 * the end (no scan for one: this runs at every boot before the early
	 * probes, and a second copy of a name is valid). */
	nameoff = cutlen ? dtb32(s + off_struct + cut + 8) : size_strings;
	if (nameoff >= size_strings)
		nameoff = size_strings;

	ins_len = 12 + align4((u32)alen + 1) + (new_node ? 4 + 8 + 4 : 0);
	out_struct = size_struct - cutlen + ins_len;
	total = HDR_SIZE + rsv_len + out_struct + size_strings +
		(nameoff == size_strings ? 9 : 0);
	if (total > room)
		return -ENOSPC;

	copy(d, s, HDR_SIZE);
	copy(d + HDR_SIZE, s + off_rsv, rsv_len);
	u8 *st = d + HDR_SIZE + rsv_len, *p = st + cut;

	copy(st, s + off_struct, cut);
	if (new_node) {
		put32(p, TOK_BEGIN_NODE);
		memcpy(p + 4, "chosen\0\0", 8);
		p += 12;
	}
	put32(p, TOK_PROP);
	put32(p + 4, (u32)alen + 1);
	put32(p + 8, nameoff);
	memset(p + 12, 0, align4((u32)alen + 1));
	memcpy(p + 12, args, alen);
	p += 12 + align4((u32)alen + 1);
	if (new_node) {
		put32(p, TOK_END_NODE);
		p += 4;
	}
	copy(p, s + off_struct + cut + cutlen, size_struct - cut - cutlen);
	p += size_struct - cut - cutlen;
	copy(p, s + off_strings, size_strings);
	if (nameoff == size_strings)
		memcpy(p + size_strings, "bootargs", 9);

	put32(d + HDR_TOTALSIZE, total);
	put32(d + HDR_OFF_RSVMAP, HDR_SIZE);
	put32(d + HDR_OFF_STRUCT, HDR_SIZE + rsv_len);
	put32(d + HDR_SIZE_STRUCT, out_struct);
	put32(d + HDR_OFF_STRINGS, HDR_SIZE + rsv_len + out_struct);
	put32(d + HDR_SIZE_STRINGS, size_strings + (nameoff == size_strings ? 9 : 0));
	return 0;
}
