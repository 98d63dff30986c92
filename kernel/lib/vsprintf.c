/*
 * Formatted output without libc: the subset of C99 printf the kernel uses
 * (%d %i %u %x %X %o %c %s %p %%, flags "-0+ #", width, precision, '*',
 * length modifiers hh h l ll z t j) plus %pS, which prints an address as
 * symbol+offset/size through kallsyms. Built for the target and the host
 * (tests/), so it depends on nothing but kallsyms_snprint_symbol().
 */
#include <ek/kallsyms.h>
#include <ek/printk.h>
#include <ek/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters that would have been written */
};

/* Room left for characters (one byte stays for the terminating NUL). */
static size_t room(const struct out *o)
{
	return o->len + 1 < o->size ? o->size - 1 - o->len : 0;
}

/* Appends @n bytes of @s; what does not fit is counted, not written. */
static void put_str(struct out *o, const char *s, size_t n)
{
	size_t k = room(o);

	if (k > n)
		k = n;
	if (k >= 8) {
		memcpy(o->buf + o->len, s, k);
	} else if (k) { /* a digit or two, a short literal: no call */
		char *d = o->buf + o->len;

		while (k--)
			*d++ = *s++;
	}
	o->len += n;
}

static void put(struct out *o, char c)
{
	put_str(o, &c, 1);
}

static void put_repeat(struct out *o, char c, int n)
{
	size_t k = room(o);

	if (k > (size_t)n)
		k = (size_t)n;
	if (k) {
		char *d = o->buf + o->len;

		while (k--)
			*d++ = c;
	}
	o->len += (size_t)n;
}

struct spec {
	bool left, zero, plus, space, alt;
	bool ptr; /* %p: "0x" even for a null pointer, unlike %#x */
	int width;
	int prec; /* -1: none */
};

/* Pads and emits an already formatted body (sign/prefix are in 'pre'):
 * each part only when there is one (most conversions have no padding). */
static void emit(struct out *o, const struct spec *sp, const char *pre, int plen,
		 const char *body, int blen, int zeros)
{
	int pad = sp->width - plen - zeros - blen;

	if (pad > 0 && !sp->left && !sp->zero)
		put_repeat(o, ' ', pad);
	if (plen)
		put_str(o, pre, (size_t)plen);
	if (pad > 0 && !sp->left && sp->zero)
		put_repeat(o, '0', pad);
	if (zeros)
		put_repeat(o, '0', zeros);
	put_str(o, body, (size_t)blen);
	if (pad > 0 && sp->left)
		put_repeat(o, ' ', pad);
}

/* Digits of @v in @base, written backwards ending at @end; returns the
 * count. Values that fit 32 bits (almost all) take 32-bit arithmetic,
 * and base 10 a constant divisor: on a 32-bit CPU a 64-bit division is a
 * library loop, and a variable 32-bit one a library call, per digit. */
static int format_digits(char *end, unsigned long long v, unsigned int base,
			 const char *digits)
{
	char *p = end;

	if (base != 10) {
		unsigned int shift = base == 16 ? 4 : 3;

		for (; v; v >>= shift)
			*--p = digits[v & (base - 1)];
		return (int)(end - p);
	}
	for (; v > 0xffffffffULL; v /= 10)
		*--p = digits[v % 10];
	for (u32 w = (u32)v; w; w /= 10)
		*--p = digits[w % 10];
	return (int)(end - p);
}

/* @sp is the caller's: a precision turns off its zero padding. */
static void emit_number(struct out *o, struct spec *sp, unsigned long long v,
			bool neg, unsigned int base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = format_digits(tmp + sizeof(tmp), v, base, digits);
	char pre[3];
	int plen = 0;
	int zeros = 0;

	if (neg)
		pre[plen++] = '-';
	else if (sp->plus)
		pre[plen++] = '+';
	else if (sp->space)
		pre[plen++] = ' ';
	if (sp->alt && base == 16 && (n || sp->ptr)) {
		pre[plen++] = '0';
		pre[plen++] = upper ? 'X' : 'x';
	}
	if (sp->alt && base == 8 && (sp->prec <= n))
		zeros = 1;
	if (sp->prec >= 0) {
		sp->zero = false;
		if (sp->prec > n)
			zeros = sp->prec - n;
	} else if (n == 0) {
		zeros = 1; /* "0" */
	}
	emit(o, sp, pre, plen, tmp + sizeof(tmp) - n, n, zeros);
}

static const char *parse_int(const char *f, int *val)
{
	int v = 0;

	while (*f >= '0' && *f <= '9')
		v = v * 10 + (*f++ - '0');
	*val = v;
	return f;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	const char *f = fmt;

	while (*f) {
		if (*f != '%') {
			/* literal text up to the next conversion, in one go */
			const char *lit = f;

			while (*f && *f != '%')
				f++;
			put_str(&o, lit, (size_t)(f - lit));
			continue;
		}

		struct spec sp = { .prec = -1 };
		int lng = 0; /* -2 hh, -1 h, 1 l, 2 ll, 3 size_t/ptrdiff_t */
		unsigned long long uv;
		long long sv;

		f++;
		/* Flags, width and precision are all below 'A' in ASCII:
		 * a plain "%s" or "%lu" goes straight to the conversion. */
		if (*f < 'A') {
			for (;; f++) {
				if (*f == '-')
					sp.left = true;
				else if (*f == '0')
					sp.zero = true;
				else if (*f == '+')
					sp.plus = true;
				else if (*f == ' ')
					sp.space = true;
				else if (*f == '#')
					sp.alt = true;
				else
					break;
			}
			if (*f == '*') {
				sp.width = va_arg(ap, int);
				if (sp.width < 0) {
					sp.left = true;
					sp.width = -sp.width;
				}
				f++;
			} else {
				f = parse_int(f, &sp.width);
			}
			if (*f == '.') {
				f++;
				if (*f == '*') {
					sp.prec = va_arg(ap, int);
					f++;
				} else {
					f = parse_int(f, &sp.prec);
				}
				if (sp.prec < 0)
					sp.prec = -1;
			}
		}
		if (sp.left)
			sp.zero = false;
		for (;; f++) {
			if (*f == 'h')
				lng = lng == -1 ? -2 : -1;
			else if (*f == 'l')
				lng = lng == 1 ? 2 : 1;
			else if (*f == 'z' || *f == 't')
				lng = 3;
			else if (*f == 'j')
				lng = 2;
			else
				break;
		}

		switch (*f) {
		case 'd':
		case 'i':
			if (lng == 2)
				sv = va_arg(ap, long long);
			else if (lng == 1 || lng == 3)
				sv = va_arg(ap, long);
			else
				sv = va_arg(ap, int);
			if (lng == -1)
				sv = (short)sv;
			else if (lng == -2)
				sv = (signed char)sv;
			emit_number(&o, &sp, sv < 0 ? 0ULL - (unsigned long long)sv : (unsigned long long)sv,
				    sv < 0, 10, false);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng == 2)
				uv = va_arg(ap, unsigned long long);
			else if (lng == 1 || lng == 3)
				uv = va_arg(ap, unsigned long);
			else
				uv = va_arg(ap, unsigned int);
			if (lng == -1)
				uv = (unsigned short)uv;
			else if (lng == -2)
				uv = (unsigned char)uv;
			sp.plus = sp.space = false;
			emit_number(&o, &sp, uv, false,
				    *f == 'u' ? 10 : *f == 'o' ? 8 : 16, *f == 'X');
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			sp.zero = false;
			emit(&o, &sp, "", 0, &c, 1, 0);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n;

			if (!s)
				s = "(null)";
			n = sp.prec >= 0 ? strnlen(s, (size_t)sp.prec) : strlen(s);
			sp.zero = false;
			emit(&o, &sp, "", 0, s, (int)n, 0);
			break;
		}
		case 'p': {
			void *p = va_arg(ap, void *);

			if (f[1] == 'S' || f[1] == 's') {
				char sym[KSYM_NAME_LEN + 32];
				int n = kallsyms_snprint_symbol(sym, sizeof(sym),
								(unsigned long)p, f[1] == 'S');

				f++;
				sp.zero = false;
				emit(&o, &sp, "", 0, sym, n, 0);
				break;
			}
			sp.alt = true;
			sp.ptr = true;
			sp.zero = true;
			if (!sp.width)
				sp.width = 2 + 2 * (int)sizeof(void *);
			emit_number(&o, &sp, (uintptr_t)p, false, 16, false);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			f--; /* lone '%' at the end: print nothing more */
			break;
		default:
			put(&o, '%');
			put(&o, *f);
			break;
		}
		f++;
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int kscnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < (int)size ? n : (int)size - 1;
}
