#include <stdlib.h>
#include <string.h>

#include "fdt_builder.h"

uint32_t be32_get(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

void be32_set(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

void fb_init(struct fdt_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->version = 17;
}

void fb_raw(struct fdt_builder *b, const void *data, size_t len, uint8_t pad)
{
	if (b->slen + len + 4 > sizeof(b->structs))
		abort(); /* a test that big is a bug in the test */
	memcpy(b->structs + b->slen, data, len);
	b->slen += len;
	while (b->slen & 3)
		b->structs[b->slen++] = pad;
}

void fb_token(struct fdt_builder *b, uint32_t tok)
{
	uint8_t w[4];

	be32_set(w, tok);
	fb_raw(b, w, 4, 0);
}

void fb_begin(struct fdt_builder *b, const char *name)
{
	fb_token(b, FB_BEGIN);
	fb_raw(b, name, strlen(name) + 1, 0);
}

void fb_end_node(struct fdt_builder *b)
{
	fb_token(b, FB_END_NODE);
}

/* Offset of @name in the strings block, adding it when new. */
static uint32_t string_off(struct fdt_builder *b, const char *name)
{
	size_t len = strlen(name) + 1;

	for (size_t off = 0; off < b->strlen; off += strlen(b->strings + off) + 1)
		if (!strcmp(b->strings + off, name))
			return (uint32_t)off;
	if (b->strlen + len > sizeof(b->strings))
		abort();
	memcpy(b->strings + b->strlen, name, len);
	b->strlen += len;
	return (uint32_t)(b->strlen - len);
}

void fb_prop(struct fdt_builder *b, const char *name, const void *val, uint32_t len)
{
	fb_token(b, FB_PROP);
	fb_token(b, len);
	fb_token(b, string_off(b, name));
	if (len)
		fb_raw(b, val, len, 0);
}

void fb_prop_u32(struct fdt_builder *b, const char *name, uint32_t v)
{
	uint8_t w[4];

	be32_set(w, v);
	fb_prop(b, name, w, 4);
}

void fb_prop_str(struct fdt_builder *b, const char *name, const char *s)
{
	fb_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

/*
 * Layout: header, reservation map, structure, strings; or, for an
 * unterminated map, the map last so that nothing but the end follows it.
 */
void *fb_finish(const struct fdt_builder *b, size_t *size)
{
	size_t rsvlen = 16 * (size_t)(b->nrsv + (b->rsv_unterminated ? 0 : 1));
	size_t total = 40 + rsvlen + b->slen + b->strlen;
	size_t orsv, ostruct, ostrings;
	uint8_t *blob;

	total = (total + 7) & ~(size_t)7;
	blob = calloc(1, total);
	if (!blob)
		abort();
	if (b->rsv_unterminated) {
		ostruct = 40;
		ostrings = ostruct + b->slen;
		orsv = total - rsvlen;
	} else {
		orsv = 40;
		ostruct = orsv + rsvlen;
		ostrings = ostruct + b->slen;
	}
	be32_set(blob + 0, 0xd00dfeed);
	be32_set(blob + 4, (uint32_t)total);
	be32_set(blob + 8, (uint32_t)ostruct);
	be32_set(blob + 12, (uint32_t)ostrings);
	be32_set(blob + 16, (uint32_t)orsv);
	be32_set(blob + 20, b->version);
	be32_set(blob + 24, 16);
	be32_set(blob + 32, (uint32_t)b->strlen);
	be32_set(blob + 36, (uint32_t)b->slen);
	for (int i = 0; i < b->nrsv; i++) {
		be32_set(blob + orsv + 16 * i, (uint32_t)(b->rsv[i][0] >> 32));
		be32_set(blob + orsv + 16 * i + 4, (uint32_t)b->rsv[i][0]);
		be32_set(blob + orsv + 16 * i + 8, (uint32_t)(b->rsv[i][1] >> 32));
		be32_set(blob + orsv + 16 * i + 12, (uint32_t)b->rsv[i][1]);
	}
	memcpy(blob + ostruct, b->structs, b->slen);
	memcpy(blob + ostrings, b->strings, b->strlen);
	*size = total;
	return blob;
}
