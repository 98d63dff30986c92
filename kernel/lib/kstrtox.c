/* String to number conversion with overflow checking (host-tested). */
#include <ek/errno.h>
#include <ek/string.h>

int kstrtoull_prefix(const char *s, unsigned int base, unsigned long long *res,
		     const char **end)
{
	unsigned long long v = 0;
	const char *p = s;
	bool any = false;

	if (base == 0 || base == 16) {
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			base = 16;
			p += 2;
		} else if (base == 0) {
			base = p[0] == '0' ? 8 : 10; /* "08" is octal 0 then junk */
		}
	}
	for (;; p++, any = true) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (end)
		*end = p;
	if (!any)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	const char *end;
	int ret = kstrtoull_prefix(s, base, &v, &end);

	if (ret)
		return ret;
	if (*end == '\n') /* one, as echo writes it */
		end++;
	if (*end)
		return -EINVAL;
	if (v > (unsigned long)-1)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	unsigned long v;
	bool neg = *s == '-';
	int ret = kstrtoul(s + (neg || *s == '+'), base, &v);

	if (ret)
		return ret;
	if (v > (unsigned long)__LONG_MAX__ + (neg ? 1 : 0))
		return -ERANGE;
	*res = neg ? (long)(0 - v) : (long)v;
	return 0;
}
