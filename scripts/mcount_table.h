/* The generated call-site table's C text, shared by scripts/mcount.c (ARM)
 * and scripts/mcount_x86.c: one format for kernel/trace/ftrace.c. */
#ifndef MCOUNT_TABLE_H
#define MCOUNT_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* @site_len the bytes of a site's instruction; @sites sorted offsets from _text; @odd one byte per site (0 or 1);
 * @frame and @lr per site (include/ek/ftrace.h says what they mean). Any
 * of the three may be NULL when @n is 0. */
void mcount_emit(const char *tool, unsigned int site_len, const uint32_t *sites, size_t n,
		 const uint8_t *odd, const uint16_t *frame, const uint16_t *lr);

#endif
