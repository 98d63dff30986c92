/* Freestanding memory and string routines. Simple loops: the compiler turns
 * the hot ones into word copies, and nothing here may depend on the MMU. */
#include <ek/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(u32 *)d = *(const u32 *)s;
	} else {
		/* Not co-aligned (most strings printk copies): four bytes
		 * a turn, so the loop costs a quarter per byte. */
		for (; n >= 4; n -= 4, d += 4, s += 4) {
			d[0] = s[0];
			d[1] = s[1];
			d[2] = s[2];
			d[3] = s[3];
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;

	if (((uintptr_t)d & 3) == 0) {
		u32 w = (u8)c * 0x01010101u;

		for (; n >= 4; n -= 4, d += 4)
			*(u32 *)d = w;
	}
	while (n--)
		*d++ = (u8)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

typedef u32 __attribute__((may_alias)) word_alias;

void *memchr(const void *s, int c, size_t n)
{
	const u8 *p = s;
	u32 pat = (u8)c * 0x01010101u;

	/* A word at a time once aligned (the DTB checker scans every node
	 * and property name with this): a word holds the byte when
	 * w ^ pat has a zero byte. Aligned words never cross a page. */
	for (; n && ((uintptr_t)p & 3); n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	for (; n >= 4; n -= 4, p += 4) {
		u32 w = *(const word_alias *)p ^ pat;

		if ((w - 0x01010101u) & ~w & 0x80808080u)
			break;
	}
	for (; n; n--, p++)
		if (*p == (u8)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}
