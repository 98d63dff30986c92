/* Shared by the libFuzzer targets in tests/fuzz/. */
#ifndef EK_TESTS_FUZZ_H
#define EK_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property is a crash to libFuzzer: abort() saves the input. */
#define fuzz_fail(...)                                \
	do {                                          \
		fprintf(stderr, "fuzz: " __VA_ARGS__); \
		fputc('\n', stderr);                  \
		abort();                              \
	} while (0)

/* An exactly sized heap copy (at least one byte), so that ASan reports any
 * read past the input; NUL-terminated copies use fuzz_strdup(). */
static inline void *fuzz_dup(const void *data, size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		abort();
	memcpy(p, data, size);
	return p;
}

static inline char *fuzz_strndup(const void *data, size_t size)
{
	char *p = malloc(size + 1);

	if (!p)
		abort();
	memcpy(p, data, size);
	p[size] = '\0';
	return p;
}

/* FNV-1a: picks a deterministic share of the inputs for costly checks. */
static inline uint32_t fuzz_hash(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

#endif
