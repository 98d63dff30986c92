/*
 * dtb_check() against broken blobs. The blob is the first input the kernel
 * trusts, so every corruption must be refused with a reason, and nothing
 * may be read outside the buffer: every blob here sits in a buffer of
 * exactly its size and the binary is built with ASan and UBSan.
 *
 * Three sources of bad blobs: systematic corruptions of dtc output (every
 * truncation, every token, every property), hand-assembled structures that
 * dtc cannot produce, and seeded random bit flips. A flipped blob that
 * dtb_check() still accepts must be safe to walk with every accessor.
 *
 * usage: test_fdt_malformed BLOB.dtb...
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ek/fdt.h>

#include "fdt_builder.h"
#include "fdt_util.h"
#include "test.h"

static struct test_blob *inputs;
static int ninputs;
static unsigned long rejected, accepted;

enum {
	HDR_TOTALSIZE = 4, HDR_OFF_STRUCT = 8, HDR_OFF_STRINGS = 12, HDR_OFF_RSV = 16,
	HDR_VERSION = 20, HDR_LAST_COMP = 24, HDR_SIZE_STRINGS = 32, HDR_SIZE_STRUCT = 36
};

/* Must be refused with a reason. Takes ownership of @blob. */
static void expect_reject(void *blob, size_t bufsize, const char *what)
{
	struct dtb_err err = { -1, NULL };
	int ret = dtb_check(blob, bufsize, &err);

	if (ret >= 0)
		fail_msg("accepted: %s", what);
	if (!err.what)
		fail_msg("no reason given: %s", what);
	/* also without an err structure to fill in */
	assert_true(dtb_check(blob, bufsize, NULL) < 0);
	rejected++;
	free(blob);
}

/* Must be accepted, by libfdt too, and be safe to walk. Takes ownership. */
static void expect_accept(void *blob, size_t size, const char *what)
{
	struct dtb_err err = { -1, NULL };

	if (dtb_check(blob, size, &err))
		fail_msg("refused (%s at %d): %s", err.what, err.offset, what);
	if (fdt_check_full(blob, size))
		fail_msg("libfdt refuses: %s", what);
	walk_all(blob);
	accepted++;
	free(blob);
}

static u32 hdr_get(const void *blob, int off)
{
	return be32_get((const u8 *)blob + off);
}

/* Copy of @b with the header word at @off replaced. */
static void *with_hdr(const struct test_blob *b, int off, u32 val)
{
	void *c = copy_blob(b->fdt, b->size);

	be32_set((u8 *)c + off, val);
	return c;
}

/* Offsets (from the blob start) of every token in a valid blob, via libfdt. */
static int token_offsets(const struct test_blob *b, int *offs, u32 *tags, int max)
{
	int n = 0, off = 0, next;
	u32 tag;

	do {
		tag = fdt_next_tag(b->fdt, off, &next);
		assert_true(n < max);
		offs[n] = (int)fdt_off_dt_struct(b->fdt) + off;
		tags[n++] = tag;
		off = next;
	} while (tag != FDT_END);
	return n;
}

static void test_truncation(void **state)
{
	(void)state;
	for (int i = 0; i < ninputs; i++) {
		const struct test_blob *b = &inputs[i];

		for (size_t len = 4; len < b->size; len += 4) {
			char what[128];

			snprintf(what, sizeof(what), "%s cut to %zu", b->name, len);
			/* the header still claims the full size */
			expect_reject(copy_blob(b->fdt, len), len, what);
			if (len < 40)
				continue;
			/* a header that agrees with the cut, told and not told
			 * the buffer size: the blocks no longer fit */
			void *c = copy_blob(b->fdt, len);

			be32_set((u8 *)c + HDR_TOTALSIZE, (u32)len);
			expect_reject(copy_blob(c, len), len, what);
			expect_reject(c, 0, what);
		}
	}
}

static void test_header_fields(void **state)
{
	(void)state;
	for (int i = 0; i < ninputs; i++) {
		const struct test_blob *b = &inputs[i];
		u32 total = (u32)b->size;
		u32 ostruct = hdr_get(b->fdt, HDR_OFF_STRUCT);
		u32 ostrings = hdr_get(b->fdt, HDR_OFF_STRINGS);
		u32 orsv = hdr_get(b->fdt, HDR_OFF_RSV);
		u32 sstrings = hdr_get(b->fdt, HDR_SIZE_STRINGS);
		u32 sstruct = hdr_get(b->fdt, HDR_SIZE_STRUCT);
		const struct {
			int off;
			u32 val;
		} bad[] = {
			{ 0, 0xd00dfeee },	   { 0, 0xedfe0dd0 },	   { 0, 0 },
			{ HDR_VERSION, 15 },	   { HDR_VERSION, 1 },	   { HDR_LAST_COMP, 18 },
			{ HDR_LAST_COMP, ~0u },	   { HDR_TOTALSIZE, total + 4 },
			{ HDR_TOTALSIZE, ~0u },	   { HDR_TOTALSIZE, 39 }, { HDR_TOTALSIZE, 0 },
			{ HDR_OFF_STRUCT, total }, { HDR_OFF_STRUCT, ~0u - 3 },
			{ HDR_OFF_STRUCT, ostruct + 1 }, { HDR_OFF_STRUCT, ostruct + 2 },
			{ HDR_OFF_STRUCT, 0 },	   { HDR_OFF_STRUCT, 36 },
			{ HDR_OFF_STRUCT, total - sstruct + 4 },
			{ HDR_OFF_STRINGS, total - sstrings + 1 }, { HDR_OFF_STRINGS, ~0u },
			{ HDR_SIZE_STRINGS, total - ostrings + 1 }, { HDR_SIZE_STRINGS, ~0u },
			{ HDR_OFF_RSV, orsv + 4 }, { HDR_OFF_RSV, total }, { HDR_OFF_RSV, 0 },
			{ HDR_OFF_RSV, 32 },	   { HDR_OFF_RSV, ~0u - 7 },
			{ HDR_SIZE_STRUCT, sstruct + 1 }, { HDR_SIZE_STRUCT, sstruct - 2 },
			{ HDR_SIZE_STRUCT, total - ostruct + 4 }, { HDR_SIZE_STRUCT, ~0u - 3 },
			/* the block ends before FDT_END */
			{ HDR_SIZE_STRUCT, sstruct - 4 }, { HDR_SIZE_STRUCT, 0 },
			/* the last string loses its terminator */
			{ HDR_SIZE_STRINGS, sstrings - 1 },
		};

		for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			char what[128];

			snprintf(what, sizeof(what), "%s header[%d] = %#x", b->name, bad[k].off,
				 bad[k].val);
			expect_reject(with_hdr(b, bad[k].off, bad[k].val), b->size, what);
		}
		/* shorter than a header */
		for (size_t len = 1; len < 40; len++)
			expect_reject(copy_blob(b->fdt, len), len, "shorter than a header");
	}
	expect_reject(NULL, 0, "NULL blob");

	/* a good blob at an address the kernel cannot read words from */
	struct dtb_err err = { -1, NULL };
	u8 *raw = malloc(inputs[0].size + 1);

	assert_non_null(raw);
	memcpy(raw + 1, inputs[0].fdt, inputs[0].size);
	assert_true(dtb_check(raw + 1, inputs[0].size, &err) < 0);
	assert_non_null(err.what);
	free(raw);
}

static void test_tokens(void **state)
{
	(void)state;
	static const u32 bad_tags[] = { 0, 5, 6, 7, 8, 10, 0x01000000, 0xffffffffu };

	for (int i = 0; i < ninputs; i++) {
		const struct test_blob *b = &inputs[i];
		int offs[4096];
		u32 tags[4096];
		int n = token_offsets(b, offs, tags, 4096);
		u32 send = hdr_get(b->fdt, HDR_OFF_STRUCT) + hdr_get(b->fdt, HDR_SIZE_STRUCT);
		u32 sstrings = hdr_get(b->fdt, HDR_SIZE_STRINGS);

		for (int t = 0; t < n; t++) {
			u8 *c;
			char what[160];

			snprintf(what, sizeof(what), "%s token %d (tag %u at %d)", b->name, t, tags[t],
				 offs[t]);
			for (size_t k = 0; k < sizeof(bad_tags) / sizeof(bad_tags[0]); k++) {
				c = copy_blob(b->fdt, b->size);
				be32_set(c + offs[t], bad_tags[k]);
				expect_reject(c, b->size, what);
			}
			if (tags[t] == FDT_END_NODE) {
				/* a node left open, or the structure ending in one */
				c = copy_blob(b->fdt, b->size);
				be32_set(c + offs[t], FDT_NOP);
				expect_reject(c, b->size, what);
				c = copy_blob(b->fdt, b->size);
				be32_set(c + offs[t], FDT_END);
				expect_reject(c, b->size, what);
			}
			if (tags[t] == FDT_BEGIN_NODE && t > 0) {
				/* name running to the end of the structure block */
				c = copy_blob(b->fdt, b->size);
				memset(c + offs[t] + 4, 'n', send - (u32)offs[t] - 4);
				expect_reject(c, b->size, what);
			}
			if (tags[t] != FDT_PROP)
				continue;
			/* length past the block, or ending exactly at its end */
			const u32 room = send - (u32)offs[t] - 12;
			const u32 lens[] = { room + 1, room, 0x7ffffffc, 0xfffffff0u, ~0u };

			for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
				c = copy_blob(b->fdt, b->size);
				be32_set(c + offs[t] + 4, lens[k]);
				expect_reject(c, b->size, what);
			}
			/* name outside the strings block */
			const u32 nameoffs[] = { sstrings, sstrings + 1, 0x7fffffff, ~0u };

			for (size_t k = 0; k < sizeof(nameoffs) / sizeof(nameoffs[0]); k++) {
				c = copy_blob(b->fdt, b->size);
				be32_set(c + offs[t] + 8, nameoffs[k]);
				expect_reject(c, b->size, what);
			}
		}
		/* the last string unterminated: some property names it */
		u8 *c = copy_blob(b->fdt, b->size);

		c[hdr_get(b->fdt, HDR_OFF_STRINGS) + sstrings - 1] = 'z';
		expect_reject(c, b->size, "last string unterminated");
	}
}

/* A small valid tree: root { a { p = <1>; b { }; }; c { s = "x"; }; }. */
static void small_tree(struct fdt_builder *b)
{
	fb_init(b);
	fb_begin(b, "");
	fb_prop_u32(b, "#address-cells", 1);
	fb_begin(b, "a");
	fb_prop_u32(b, "p", 1);
	fb_begin(b, "b");
	fb_end_node(b);
	fb_end_node(b);
	fb_begin(b, "c");
	fb_prop_str(b, "s", "x");
	fb_end_node(b);
}

static void built_reject(const struct fdt_builder *b, const char *what)
{
	size_t size;
	void *blob = fb_finish(b, &size);

	expect_reject(blob, size, what);
}

static void built_accept(const struct fdt_builder *b, const char *what)
{
	size_t size;
	void *blob = fb_finish(b, &size);

	expect_accept(blob, size, what);
}

static void test_built(void **state)
{
	(void)state;
	struct fdt_builder b;

	small_tree(&b);
	fb_end_node(&b);
	fb_token(&b, FB_END);
	built_accept(&b, "small tree");

	small_tree(&b); /* root never closed */
	fb_token(&b, FB_END);
	built_reject(&b, "missing END_NODE");

	small_tree(&b);
	fb_end_node(&b);
	fb_end_node(&b);
	fb_token(&b, FB_END);
	built_reject(&b, "extra END_NODE");

	small_tree(&b);
	fb_end_node(&b); /* no FDT_END */
	built_reject(&b, "missing FDT_END");

	small_tree(&b);
	fb_end_node(&b);
	fb_begin(&b, "");
	fb_end_node(&b);
	fb_token(&b, FB_END);
	built_reject(&b, "second root");

	fb_init(&b);
	fb_begin(&b, "root");
	fb_end_node(&b);
	fb_token(&b, FB_END);
	built_reject(&b, "root with a name");

	fb_init(&b);
	fb_token(&b, FB_END);
	built_reject(&b, "no root");

	fb_init(&b);
	built_reject(&b, "empty structure block");

	fb_init(&b);
	fb_prop_u32(&b, "early", 1);
	fb_begin(&b, "");
	fb_end_node(&b);
	fb_token(&b, FB_END);
	built_reject(&b, "property outside the root");

	fb_init(&b);
	fb_begin(&b, "");
	fb_end_node(&b);
	fb_prop_u32(&b, "late", 1);
	fb_token(&b, FB_END);
	built_reject(&b, "property after the root");

	fb_init(&b);
	fb_begin(&b, "");
	fb_token(&b, FB_BEGIN);
	fb_raw(&b, "abc", 3, 'x'); /* padding instead of the NUL */
	built_reject(&b, "unterminated node name");

	fb_init(&b);
	fb_begin(&b, "");
	fb_token(&b, FB_PROP);
	fb_token(&b, 4); /* name offset and value missing */
	built_reject(&b, "truncated property header");

	/* NOPs between tokens are fine (libfdt refuses one between the
	 * root's END_NODE and FDT_END, so there is none there) */
	fb_init(&b);
	fb_token(&b, FB_NOP);
	fb_begin(&b, "");
	fb_token(&b, FB_NOP);
	fb_prop_u32(&b, "x", 1);
	fb_token(&b, FB_NOP);
	fb_begin(&b, "n");
	fb_token(&b, FB_NOP);
	fb_end_node(&b);
	fb_token(&b, FB_NOP);
	fb_end_node(&b);
	fb_token(&b, FB_END);
	built_accept(&b, "NOPs everywhere");

	/* version 16 headers have no structure size */
	small_tree(&b);
	fb_end_node(&b);
	fb_token(&b, FB_END);
	b.version = 16;
	built_accept(&b, "version 16");
}

/* DTB_MAX_DEPTH nested nodes are fine; one more is refused. */
static void test_depth(void **state)
{
	(void)state;
	for (int levels = DTB_MAX_DEPTH - 1; levels <= DTB_MAX_DEPTH + 2; levels++) {
		struct fdt_builder b;
		size_t size;
		void *blob;
		char what[64];

		fb_init(&b);
		for (int i = 0; i < levels; i++) {
			fb_begin(&b, i ? "n" : "");
			fb_prop_u32(&b, "level", (u32)i);
		}
		for (int i = 0; i < levels; i++)
			fb_end_node(&b);
		fb_token(&b, FB_END);
		blob = fb_finish(&b, &size);
		snprintf(what, sizeof(what), "%d levels", levels);
		if (levels <= DTB_MAX_DEPTH) {
			int deepest = -1, depth = 0;

			for (int n = dtb_next_node(blob, -1, &depth); n >= 0;
			     n = dtb_next_node(blob, n, &depth))
				deepest = n;
			/* the deepest node still knows its parent and path */
			assert_true(dtb_parent_offset(blob, deepest) > 0);
			char path[256];

			assert_int_equal(dtb_get_path(blob, deepest, path, sizeof(path)), 0);
			assert_int_equal(dtb_path_offset(blob, path, strlen(path)), deepest);
			expect_accept(blob, size, what);
		} else {
			expect_reject(blob, size, what);
		}
	}
}

static void test_rsvmap(void **state)
{
	(void)state;
	struct fdt_builder b;
	size_t size;
	void *blob;

	small_tree(&b);
	fb_end_node(&b);
	fb_token(&b, FB_END);
	b.nrsv = 2;
	b.rsv[0][0] = 0x1000;
	b.rsv[0][1] = 0x2000;
	b.rsv[1][0] = 0xffffffff00000000ull;
	b.rsv[1][1] = 1;
	blob = fb_finish(&b, &size);
	assert_int_equal(dtb_num_mem_rsv(blob), 2);
	expect_accept(blob, size, "two reservations");

	b.rsv_unterminated = true;
	built_reject(&b, "reservation map not terminated");
	b.nrsv = 0;
	built_reject(&b, "empty unterminated reservation map");
}

/* xorshift64: a fixed sequence on every host, unlike rand(). */
static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#define FUZZ_ROUNDS 4000

static void test_fuzz(void **state)
{
	(void)state;
	unsigned long ok = 0, refused = 0, libfdt_only = 0, ours_only = 0;

	for (int i = 0; i < ninputs; i++) {
		const struct test_blob *b = &inputs[i];

		for (int round = 0; round < FUZZ_ROUNDS; round++) {
			u8 *c = copy_blob(b->fdt, b->size);
			int flips = 1 + (int)(rng() % 4);
			struct dtb_err err = { -1, NULL };
			bool theirs;

			/* bias toward the header and structure block, where a
			 * flip changes the shape rather than a value */
			for (int f = 0; f < flips; f++) {
				size_t pos = rng() % 4 ? rng() % (hdr_get(b->fdt, HDR_OFF_STRINGS))
						       : rng() % b->size;

				c[pos] ^= (u8)(1u << (rng() % 8));
			}
			theirs = fdt_check_full(c, b->size) == 0;
			if (dtb_check(c, b->size, &err) == 0) {
				walk_all(c);
				ok++;
				ours_only += !theirs;
			} else {
				assert_non_null(err.what);
				refused++;
				libfdt_only += theirs;
			}
			free(c);
		}
	}
	printf("fdt_malformed: fuzz: %lu accepted and walked, %lu refused; libfdt disagrees on %lu "
	       "(accepts %lu we refuse, refuses %lu we accept)\n",
	       ok, refused, libfdt_only + ours_only, libfdt_only, ours_only);
	assert_true(ok > 0 && refused > 0);
	/* Ours is stricter by design (rsvmap terminator, 8-byte aligned map,
	 * whole-token structure size, a root node), never laxer: whatever
	 * libfdt finds broken, we must too. */
	assert_int_equal(ours_only, 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncation), cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_tokens),	   cmocka_unit_test(test_built),
		cmocka_unit_test(test_depth),	   cmocka_unit_test(test_rsvmap),
		cmocka_unit_test(test_fuzz),
	};
	int failed;

	if (argc < 2) {
		fprintf(stderr, "usage: %s BLOB.dtb...\n", argv[0]);
		return 2;
	}
	ninputs = argc - 1;
	inputs = calloc((size_t)ninputs, sizeof(*inputs));
	for (int i = 0; i < ninputs; i++) {
		inputs[i].name = argv[i + 1];
		inputs[i].fdt = load_blob(argv[i + 1], &inputs[i].size);
		/* the corruptions assume the original is good */
		assert_int_equal(dtb_check(inputs[i].fdt, inputs[i].size, NULL), 0);
	}
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	printf("fdt_malformed: %lu blobs refused, %lu accepted as expected\n", rejected, accepted);
	return failed ? 1 : 0;
}
