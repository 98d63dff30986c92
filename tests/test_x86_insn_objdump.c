/*
 * Cross-check of the i386 decoder's lengths against binutils: generated
 * byte sequences (every opcode of every map with a ModRM sweep, prefixed
 * variants, seeded random bytes) are disassembled by
 * `objdump -D -b binary -m i386`, and every instruction the decoder
 * accepts must have objdump's length and must be one objdump calls valid.
 * Refusals are fine (the decoder may refuse what it does not model), and
 * are counted. The few places where objdump and the SDM disagree are
 * listed in known_disagreement(), each with its reason.
 *
 * Then real code: every instruction objdump -d finds in the gcc -m32
 * objects given on the command line (tests/rules.mk builds them) must be
 * accepted, with objdump's length: there, a refusal is a failure too.
 *
 * Layout: each sequence gets a 48-byte slot: 16 bytes of candidate (the
 * instruction and whatever follows it), 31 zero bytes, then F8 (clc).
 * Whatever objdump makes of the candidate's leftovers ends inside the
 * zeros, and from any position in them "00 00" and "00 F8" are 2-byte
 * instructions (and objdump's zero skipping moves by multiples of 4), so
 * its decoding is back in step at the next slot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ek/errno.h>

#include "insn.h"
#include "test.h"

#define WIN 16
#define SLOT 48

struct cand {
	u8 b[WIN];
};

struct result {
	u8 len;	       /* objdump's length, 0 if no line at the slot start */
	bool bad;      /* objdump printed (bad) */
	char text[40]; /* its mnemonic and operands, for messages */
};

static struct cand *cands;
static size_t ncands, capacity;
static const char *objdump = "objdump";
static char **objects;
static int nobjects;

static void add(const u8 *bytes, size_t n)
{
	struct cand *c;

	if (ncands == capacity) {
		capacity = capacity ? capacity * 2 : 65536;
		cands = realloc(cands, capacity * sizeof(*cands));
		assert_non_null(cands);
	}
	c = &cands[ncands++];
	memset(c->b, 0, WIN);
	memcpy(c->b, bytes, n > WIN ? WIN : n);
	/* objdump skips runs of 8+ zero bytes: keep one off the slot start */
	if (!memcmp(c->b, (u8[7]){ 0 }, 7))
		c->b[7] = 1;
}

/* SIB bytes tried after a ModRM that needs one: index none/eax/ebp,
 * base eax/esp/none(5), all scales. */
static const u8 sibs[] = { 0x00, 0x05, 0x24, 0x25, 0x65, 0xa5, 0xe5, 0x4c, 0x8d };

/* One opcode (with its escape bytes @esc) under prefix bytes @pfx, ModRM @m. */
static void add_op(const u8 *pfx, size_t npfx, const u8 *esc, size_t nesc, u8 op, int m)
{
	u8 b[WIN] = { 0 };
	size_t n = 0;

	if (npfx)
		memcpy(b, pfx, npfx);
	n += npfx;
	if (nesc)
		memcpy(b + n, esc, nesc);
	n += nesc;
	b[n++] = op;
	if (m >= 0) {
		b[n++] = m;
		b[n++] = sibs[(m * 7 + op) % sizeof(sibs)];
		b[n++] = 0x11; /* a nonzero displacement/immediate byte */
	}
	add(b, n);
}

static bool is_prefix(u8 b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65 ||
	       b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3;
}

static const u8 escapes[4][2] = { { 0 }, { 0x0f }, { 0x0f, 0x38 }, { 0x0f, 0x3a } };

static void generate_sweep(void)
{
	/* ModRM values for the prefixed and three-byte sweeps: every mod, rm 4/5/6
	 * (SIB, disp32, 16-bit disp16) and every reg */
	static const u8 some_modrm[] = { 0x00, 0x04, 0x05, 0x06, 0x0c, 0x15, 0x1e, 0x24, 0x44,
					 0x4d, 0x56, 0x84, 0x95, 0xb6, 0xc0, 0xd9, 0xe8, 0xff };
	static const u8 pfxs[][3] = { { 0x66 }, { 0x67 }, { 0xf2 }, { 0xf3 }, { 0xf0 },
				      { 0xf0, 0x66 }, { 0x66, 0xf3 }, { 0x64, 0x67, 0x66 } };
	static const u8 npfx[] = { 1, 1, 1, 1, 1, 2, 2, 3 };

	for (int map = 0; map < 4; map++)
		for (int op = 0; op < 256; op++) {
			size_t nesc = map == 0 ? 0 : map == 1 ? 1 : 2;

			if (map == 0 && (is_prefix(op) || op == 0x0f))
				continue;
			if (map == 1 && (op == 0x38 || op == 0x3a))
				continue;
			add_op(NULL, 0, escapes[map], nesc, op, -1);
			if (map < 2)
				for (int m = 0; m < 256; m++)
					add_op(NULL, 0, escapes[map], nesc, op, m);
			for (size_t p = 0; p < ARRAY_SIZE(pfxs); p++)
				for (size_t m = 0; m < sizeof(some_modrm); m++)
					add_op(pfxs[p], npfx[p], escapes[map], nesc, op,
					       some_modrm[m]);
		}
	/* repeated prefixes, up to and past the 15-byte limit */
	for (int n = 1; n <= 15; n++) {
		u8 b[WIN];

		memset(b, n & 1 ? 0x66 : 0x3e, n);
		b[n] = 0x05; /* add eAX, iz */
		add(b, n + 1);
		memset(b, 0x2e, n);
		b[n] = 0x90;
		add(b, n + 1);
	}
}

static u64 rng = 0x9e3779b97f4a7c15ull;

static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (u32)(rng >> 16);
}

/* Random bytes, sometimes behind prefixes and escapes so every map is hit. */
static void generate_random(size_t n)
{
	static const u8 pfx[] = { 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x3e, 0x26, 0x64, 0x65, 0x36 };

	for (size_t i = 0; i < n; i++) {
		u8 b[WIN];
		size_t k = 0;

		for (size_t j = 0; j < WIN; j++)
			b[j] = rnd();
		while (k < 4 && rnd() % 4 == 0)
			b[k++] = pfx[rnd() % sizeof(pfx)];
		if (rnd() % 3 == 0) {
			b[k++] = 0x0f;
			if (rnd() % 4 == 0)
				b[k++] = rnd() & 1 ? 0x38 : 0x3a;
		}
		add(b, WIN);
	}
}

/* Disassemble every slot; objdump's length and text for each slot start. */
static struct result *run_objdump(void)
{
	char path[] = "/tmp/x86_insn_objdumpXXXXXX", cmd[256], line[512];
	struct result *res = calloc(ncands, sizeof(*res));
	static const u8 tail[SLOT - WIN] = { [SLOT - WIN - 1] = 0xf8 };
	int fd = mkstemp(path);
	FILE *f, *p;

	assert_non_null(res);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	for (size_t i = 0; i < ncands; i++) {
		fwrite(cands[i].b, 1, WIN, f);
		fwrite(tail, 1, sizeof(tail), f);
	}
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "%s -D -b binary -m i386 --insn-width=16 %s", objdump, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		char *s = line, *end, *tab;
		unsigned long addr = strtoul(s, &end, 16);
		size_t k, n = 0;

		if (end == s || *end != ':' || addr % SLOT || (k = addr / SLOT) >= ncands)
			continue;
		s = end + 1;
		if (*s == '\t')
			s++;
		tab = strchr(s, '\t');
		for (char *q = s; tab && q < tab; q++)
			if (q[0] != ' ' && (q == s || q[-1] == ' '))
				n++; /* one hex byte per space-separated field */
		res[k].len = n;
		if (tab) {
			tab[strcspn(tab, "\n")] = 0;
			snprintf(res[k].text, sizeof(res[k].text), "%s", tab + 1);
			/* "%?" is objdump's name for a register that does not exist */
			res[k].bad = strstr(tab, "(bad)") || strstr(tab, "%?");
		}
	}
	assert_int_equal(pclose(p), 0);
	unlink(path);
	return res;
}

/* Where objdump and the SDM disagree: why, or NULL. */
static const char *known_disagreement(const struct x86_insn *insn, const struct result *r)
{
	/* objdump prints fwait and the x87 instruction after it as one line
	 * ("9b df e0 fstsw %ax", "9b d9 00 flds (%eax)"); the SDM makes them
	 * two instructions (FSTSW is listed as FWAIT then FNSTSW), and a
	 * probe on the x87 one is a probe on an instruction boundary. */
	if (insn->map == 0 && insn->opcode == 0x9b && r->len > insn->len)
		return "fwait merged with the next x87 instruction";
	/* The SDM allows 14 prefixes before a one-byte opcode (15 bytes in
	 * all); objdump stops at 13 and prints the prefixes alone. */
	if (insn->len == X86_INSN_MAX && insn->nprefix == X86_INSN_MAX - 1 && r->len < insn->len)
		return "objdump's prefix limit is one short of the SDM's";
	return NULL;
}

/* What the decoder refuses that objdump decodes, by reason (for the log). */
static struct {
	const char *reason;
	size_t count;
	char example[40];
} reasons[32];
static size_t nreasons;

static void count_reason(const char *reason, const struct result *r)
{
	size_t i;

	for (i = 0; i < nreasons && reasons[i].reason != reason; i++)
		;
	if (i == nreasons) {
		if (nreasons == ARRAY_SIZE(reasons))
			return;
		nreasons++;
		reasons[i].reason = reason;
		snprintf(reasons[i].example, sizeof(reasons[i].example), "%s", r->text);
	}
	reasons[i].count++;
}

static void cross_check(void **state)
{
	size_t accepted = 0, refused = 0, refused_valid = 0, skipped = 0, mismatches = 0;
	static u8 shown[4][256];
	struct result *res;

	(void)state;
	generate_sweep();
	generate_random(40000);
	res = run_objdump();
	for (size_t i = 0; i < ncands; i++) {
		const u8 *b = cands[i].b;
		struct x86_insn insn;
		const char *reason = NULL;
		int ret = x86_insn_decode(b, WIN, &insn, &reason);

		if (ret) {
			assert_true(ret == -EILSEQ || ret == -EOPNOTSUPP);
			assert_non_null(reason);
			refused++;
			if (res[i].len && !res[i].bad)
				count_reason(reason, &res[i]);
			continue;
		}
		accepted++;
		if (res[i].len == insn.len && !res[i].bad)
			continue;
		if (known_disagreement(&insn, &res[i])) {
			skipped++;
			continue;
		}
		/* the first mismatch of each opcode */
		if (mismatches++ < 200 && !shown[insn.map][insn.opcode]++) {
			printf("mismatch:");
			for (int j = 0; j < WIN; j++)
				printf(" %02x", b[j]);
			printf(": decoder %u bytes, objdump %u \"%s\"\n", insn.len, res[i].len,
			       res[i].text);
		}
	}
	for (size_t i = 0; i < nreasons; i++) {
		printf("refused, valid to objdump: %6zu  %s (e.g. %s)\n", reasons[i].count,
		       reasons[i].reason, reasons[i].example);
		refused_valid += reasons[i].count;
	}
	printf("x86_insn_objdump: %zu sequences: %zu accepted with objdump's length, %zu refused "
	       "(%zu of them valid to objdump), %zu known disagreements skipped, %zu mismatches\n",
	       ncands, accepted - skipped - mismatches, refused, refused_valid, skipped, mismatches);
	free(res);
	free(cands);
	assert_int_equal(mismatches, 0);
}

/* One line of objdump -d: the instruction's bytes, and its text. */
static size_t parse_insn_line(char *line, u8 *b, char **text)
{
	char *s = strchr(line, ':'), *end;
	size_t n = 0;

	if (!s || s[1] != '\t')
		return 0;
	for (s += 2; n < WIN; s = end) {
		unsigned long v = strtoul(s, &end, 16);

		if (end == s || end - s > 2 + (*s == ' '))
			break;
		b[n++] = v;
	}
	*text = strchr(s, '\t');
	return *text ? n : 0;
}

static void real_code(void **state)
{
	size_t insns = 0, bad = 0;
	char cmd[4096], line[512];

	(void)state;
	for (int i = 0; i < nobjects; i++) {
		FILE *p;

		snprintf(cmd, sizeof(cmd), "%s -d --insn-width=16 %s", objdump, objects[i]);
		p = popen(cmd, "r");
		assert_non_null(p);
		while (fgets(line, sizeof(line), p)) {
			struct x86_insn insn;
			const char *reason = "";
			char *text;
			u8 b[WIN];
			size_t n = parse_insn_line(line, b, &text);
			int ret;

			if (!n)
				continue;
			insns++;
			ret = x86_insn_decode(b, n, &insn, &reason);
			if (!ret && insn.len == n)
				continue;
			if (bad++ < 20)
				printf("%s: %s -> %d (%s), %u bytes\n", objects[i],
				       strtok(line, "\n"), ret, ret ? reason : "", ret ? 0 : insn.len);
		}
		assert_int_equal(pclose(p), 0);
	}
	printf("x86_insn_objdump: %zu instructions of gcc -m32 code in %d objects, %zu not "
	       "decoded as objdump does\n", insns, nobjects, bad);
	assert_int_equal(bad, 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cross_check),
		cmocka_unit_test(real_code),
	};

	if (argc > 1)
		objdump = argv[1];
	objects = argv + 2;
	nobjects = argc > 2 ? argc - 2 : 0;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
