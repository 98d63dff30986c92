/* Freestanding string and memory routines (kernel/lib/string.c). */
#ifndef EK_STRING_H
#define EK_STRING_H

#include <ek/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
size_t strlcat(char *dst, const char *src, size_t size);

/* Parse an unsigned number in base 10, 16 (0x prefix) or 8 (0 prefix) when
 * base is 0. Returns 0 or -EINVAL/-ERANGE; *end points after the digits. */
int kstrtoull_prefix(const char *s, unsigned int base, unsigned long long *res,
		     const char **end);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);

#endif
