/*
 * Fetching probe arguments at a hit: registers through the arch accessors,
 * memory through arch_probe_read32 so that a bad pointer in a traced
 * argument costs a "(fault)" in the output, never an oops in a handler.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/probe_event.h>
#include <ek/string.h>

/*
 * Read @n bytes at @addr one aligned word at a time: arch_probe_read32
 * wants aligned words, and before the MMU is on unaligned accesses fault.
 * Copying each word out with memcpy keeps memory byte order on any
 * endianness.
 */
static int read_mem(unsigned long addr, void *dst, size_t n)
{
	u8 *out = dst;

	while (n) {
		unsigned long word = addr & ~3ul;
		size_t skip = addr - word, take = MIN(n, 4 - skip);
		u32 w;

		if (arch_probe_read32(word, &w))
			return -EFAULT;
		memcpy(out, (u8 *)&w + skip, take);
		out += take;
		addr += take;
		n -= take;
	}
	return 0;
}

/* A NUL-terminated string of at most @max bytes; returns its length. */
static int read_string(unsigned long addr, char *dst, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char c;

		if (read_mem(addr + n, &c, 1))
			return -EFAULT;
		if (!c)
			break;
		dst[n++] = c;
	}
	return (int)n;
}

static int fetch_base(const struct probe_arg *a, struct pt_regs *regs, unsigned long *v)
{
	switch (a->base) {
	case FETCH_REG:
		*v = regs_get_register(regs, a->index);
		return 0;
	case FETCH_ARG:
		return regs_get_argument(regs, a->index, v);
	case FETCH_RETVAL:
		*v = regs_return_value(regs);
		return 0;
	case FETCH_STACK:
		return regs_get_stack_nth(regs, a->index, v);
	case FETCH_STACKP:
		*v = regs_get_sp(regs);
		return 0;
	case FETCH_IMM:
		*v = (unsigned long)a->value;
		return 0;
	case FETCH_SYMBOL:
		*v = a->sym_addr + (unsigned long)a->value;
		return 0;
	}
	return -EINVAL;
}

/* Follow all but the last dereference; *v ends as the final address (or
 * the value itself when there is no dereference). */
static int fetch_address(const struct probe_arg *a, struct pt_regs *regs, unsigned long *v)
{
	int ret = fetch_base(a, regs, v);

	for (unsigned int i = 0; !ret && i + 1 < a->nderef; i++) {
		u32 w;

		ret = read_mem(*v + (unsigned long)a->deref[i], &w, sizeof(w));
		*v = w;
	}
	if (!ret && a->nderef)
		*v += (unsigned long)a->deref[a->nderef - 1];
	return ret;
}

/* A number read straight from a register of the frame: no dereference,
 * so no fault; zero-extended like Linux. The common argument, kept to a
 * load and a store or two. */
static inline size_t fetch_register(const struct probe_arg *a, const struct pt_regs *regs,
				    u8 *buf, size_t room)
{
	unsigned long v = *(const unsigned long *)((const u8 *)regs + a->regs_slot - 1);
	size_t size = PTYPE_SIZE(a->type);

	if (size > room)
		return 0;
	if (size == 4 && !((uintptr_t)buf & 3)) {
		*(u32 *)buf = (u32)v; /* the usual case: an aligned word */
		return 4;
	}
	/* Otherwise byte by byte in memory order (unaligned stores fault
	 * before the MMU is on); u64 holds the zero-extended value. */
	u64 v64 = v;
	const u8 *src = (const u8 *)&v64;

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	src += 8 - size;
#endif
	for (size_t i = 0; i < size; i++)
		buf[i] = src[i];
	return size;
}

/* One argument into @buf (@room bytes); returns the bytes used. */
static size_t fetch_one(const struct probe_arg *a, struct pt_regs *regs, u8 *buf, size_t room,
			bool *fault, bool *truncated)
{
	unsigned long v = 0;
	int ret = fetch_address(a, regs, &v);

	if (a->type == PTYPE_STRING) {
		size_t max = MIN(room ? room - 1 : 0, (size_t)PROBE_STRING_MAX);
		int n = ret ? ret : read_string(v, (char *)buf + 1, max);

		if (!room)
			return 0;
		if (n < 0) {
			*fault = true;
			n = 0;
		} else if ((size_t)n == max && max < PROBE_STRING_MAX) {
			*truncated = true;
		}
		buf[0] = (u8)n;
		return 1 + (size_t)n;
	}

	size_t size = PTYPE_SIZE(a->type);
	u64 val = 0;

	if (size > room)
		return 0;
	if (!ret && a->nderef)
		ret = read_mem(v, &val, size);
	else
		val = v; /* registers and immediates: zero-extended like Linux */
	if (ret) {
		*fault = true;
		val = 0;
	}
	/* Keep the low @size bytes whatever the byte order. */
	u8 u8v = (u8)val;
	u16 u16v = (u16)val;
	u32 u32v = (u32)val;
	const void *src = size == 1 ? (const void *)&u8v : size == 2 ? (const void *)&u16v :
			  size == 4 ? (const void *)&u32v : (const void *)&val;

	if (a->nderef && !ret)
		src = &val; /* read_mem already stored the bytes in memory order */
	/* Constant sizes: inline stores instead of a memcpy call per hit. */
	switch (size) {
	case 1: __builtin_memcpy(buf, src, 1); break;
	case 2: __builtin_memcpy(buf, src, 2); break;
	case 4: __builtin_memcpy(buf, src, 4); break;
	default: __builtin_memcpy(buf, src, 8); break;
	}
	return size;
}

/* Everything but the common case, out of line so that the loop below
 * stays small (no spills on the path most arguments take). */
static __noinline size_t fetch_other(const struct probe_arg *a, struct pt_regs *regs, u8 *buf,
				     size_t room, bool *fault, bool *truncated)
{
	return a->regs_slot ? fetch_register(a, regs, buf, room)
			    : fetch_one(a, regs, buf, room, fault, truncated);
}

size_t probe_fetch_args(const struct probe_def *def, struct pt_regs *regs, u8 *buf,
			size_t size, u8 *faults, bool *truncated)
{
	size_t used = 0;
	u8 fault_bits = 0;

	*truncated = false;
	for (int i = 0; i < def->nargs; i++) {
		const struct probe_arg *a = &def->args[i];
		bool fault = false;
		size_t n;

		/* The common argument first: a 32-bit register into an aligned
		 * word of the record (the data starts word aligned). */
		if (a->regs_slot && PTYPE_SIZE(a->type) == 4 && !((uintptr_t)(buf + used) & 3) &&
		    used + 4 <= size) {
			*(u32 *)(buf + used) = *(const u32 *)((const u8 *)regs + a->regs_slot - 1);
			used += 4;
			continue;
		}
		n = fetch_other(a, regs, buf + used, size - used, &fault, truncated);

		if (!n) {
			*truncated = true; /* no room: stop; the printer sees len */
			break;
		}
		if (fault)
			fault_bits |= (u8)(1u << i);
		used += n;
	}
	*faults = fault_bits;
	return used;
}
