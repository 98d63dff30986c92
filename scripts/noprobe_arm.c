/*
 * ARM edges for noprobe_check: every branch with an immediate target, A32
 * B, BL, BLX(imm) in any condition, and Thumb B (16- and 32-bit,
 * conditional or not), BL and BLX(imm). The mapping symbols say which
 * instruction set each range holds; literal pools ($d) are not decoded.
 */
#include <stdint.h>

#include "noprobe_graph.h"
#include "noprobe_image.h"

static int32_t sext(uint32_t v, int bits)
{
	uint32_t m = 1u << (bits - 1);

	return (int32_t)((v ^ m) - m);
}

/* A32: B<c>, BL<c> (cond != 1111) and BLX(imm) (cond == 1111). */
static void decode_arm(int fi, uint32_t a, uint32_t end)
{
	for (a = (a + 3) & ~3u; a + 4 <= end; a += 4) {
		const uint8_t *p = bytes_at(a, 4);
		uint32_t insn;

		if (!p)
			return;
		insn = rd32(p);
		if (((insn >> 25) & 7) != 5)
			continue;
		if ((insn >> 28) == 0xf) /* BLX(imm): H is bit 24 */
			add_edge(fi, a + 8 + (uint32_t)(sext(insn & 0xffffff, 24) * 4) +
					     ((insn >> 23) & 2), a);
		else
			add_edge(fi, a + 8 + (uint32_t)(sext(insn & 0xffffff, 24) * 4), a);
	}
}

/* Thumb: B (T1..T4), BL, BLX(imm). */
static void decode_thumb(int fi, uint32_t a, uint32_t end)
{
	for (a &= ~1u; a + 2 <= end;) {
		const uint8_t *p = bytes_at(a, 2);
		uint16_t h1, h2;

		if (!p)
			return;
		h1 = rd16(p);
		if ((h1 >> 11) < 0x1d) { /* 16-bit */
			if ((h1 & 0xf000) == 0xd000 && ((h1 >> 8) & 0xf) < 14) /* B<c> T1 */
				add_edge(fi, a + 4 + (uint32_t)(sext(h1 & 0xff, 8) * 2), a);
			else if ((h1 & 0xf800) == 0xe000) /* B T2 */
				add_edge(fi, a + 4 + (uint32_t)(sext(h1 & 0x7ff, 11) * 2), a);
			a += 2;
			continue;
		}
		if (a + 4 > end || !(p = bytes_at(a + 2, 2)))
			return;
		h2 = rd16(p);
		if ((h1 & 0xf800) == 0xf000 && (h2 & 0x8000)) {
			uint32_t s = (h1 >> 10) & 1, j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1;
			uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
			uint32_t imm = s << 24 | i1 << 23 | i2 << 22 | (h1 & 0x3ffu) << 12 |
				       (h2 & 0x7ffu) << 1;
			int32_t off = sext(imm, 25);

			switch (h2 & 0xd000) {
			case 0xd000: /* BL */
			case 0x9000: /* B.W T4 */
				add_edge(fi, a + 4 + (uint32_t)off, a);
				break;
			case 0xc000: /* BLX(imm): to ARM, from Align(PC, 4) */
				add_edge(fi, ((a + 4) & ~3u) + ((uint32_t)off & ~3u), a);
				break;
			case 0x8000: /* B<c>.W T3 (cond 111x is other instructions) */
				if (((h1 >> 6) & 0xf) < 14) {
					imm = s << 20 | j2 << 19 | j1 << 18 | (h1 & 0x3fu) << 12 |
					      (h2 & 0x7ffu) << 1;
					add_edge(fi, a + 4 + (uint32_t)sext(imm, 21), a);
				}
				break;
			}
		}
		a += 4;
	}
}

void build_edges_arm(void)
{
	for (size_t i = 0; i < nfuncs; i++) {
		struct func *f = &funcs[i];
		uint32_t a = f->start;

		while (a < f->end) {
			char kind = map_at(a, f->thumb ? 't' : 'a');
			uint32_t next = map_next(a, f->end);

			if (kind == 'a')
				decode_arm((int)i, a, next);
			else if (kind == 't')
				decode_thumb((int)i, a, next);
			a = next;
		}
	}
}
