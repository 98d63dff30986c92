/*
 * uboot-defenv: print the default environment compiled into a U-Boot binary
 * as mkenvimage text ("name=value" lines).
 *
 *   uboot-defenv [-x OVERRIDES.txt]... u-boot.bin
 *
 * U-Boot keeps its default environment as one block of NUL-terminated
 * "name=value" strings ending with an empty string (default_environment[]).
 * We find the block around the "bootcmd=" entry: walk back over entries
 * that look like "name=value" and forward to the empty string. An
 * environment image written to flash replaces this whole block, so the
 * image has to start from it (uboot-env/rules.mk).
 *
 * -x FILE: leave out the variables that FILE (mkenvimage text) defines, so
 * FILE can be appended without duplicate names. Fails (exit 1) when no
 * plausible block is found or an entry cannot be written as one text line.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OVERRIDES 512

static char *overrides[MAX_OVERRIDES];
static int noverrides;

/* "name=value" with a name of [A-Za-z0-9_.-] and printable text. */
static int is_entry(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (isalnum(s[i]) || s[i] == '_' || s[i] == '.' || s[i] == '-'))
		i++;
	if (i == 0 || i >= len || s[i] != '=')
		return 0;
	for (; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return 0;
	return 1;
}

static int overridden(const char *entry)
{
	size_t n = strcspn(entry, "=");

	for (int i = 0; i < noverrides; i++)
		if (strlen(overrides[i]) == n && !memcmp(overrides[i], entry, n))
			return 1;
	return 0;
}

static void read_overrides(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[8192];

	if (!f) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "=\n");

		if (line[0] == '#' || line[0] == '\n' || line[n] != '=')
			continue;
		if (noverrides == MAX_OVERRIDES) {
			fprintf(stderr, "%s: too many variables\n", path);
			exit(2);
		}
		overrides[noverrides] = strndup(line, n);
		if (!overrides[noverrides++]) {
			perror("strndup");
			exit(2);
		}
	}
	fclose(f);
}

static unsigned char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f) {
		perror(path);
		exit(2);
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap + 1);
			if (!buf) {
				perror("realloc");
				exit(2);
			}
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	buf[n] = 0;
	*size = n;
	return buf;
}

int main(int argc, char **argv)
{
	static const char key[] = "bootcmd=";
	unsigned char *bin;
	size_t size, at, start = 0, pos;
	int found = 0;
	int argi = 1, count = 0;

	while (argi + 1 < argc && !strcmp(argv[argi], "-x")) {
		read_overrides(argv[argi + 1]);
		argi += 2;
	}
	if (argi + 1 != argc) {
		fprintf(stderr, "usage: %s [-x OVERRIDES.txt]... u-boot.bin\n", argv[0]);
		return 2;
	}
	bin = slurp(argv[argi], &size);

	for (at = 0; !found && at + sizeof(key) - 1 <= size; at++) {
		size_t end;

		if (memcmp(bin + at, key, sizeof(key) - 1) || (at && bin[at - 1]) ||
		    !is_entry(bin + at, strlen((char *)bin + at)))
			continue;
		start = at;
		/* walk back over the entries before this one */
		while (start >= 2 && bin[start - 1] == 0) {
			size_t prev = start - 1;

			while (prev > 0 && bin[prev - 1])
				prev--;
			if (prev == start - 1 || !is_entry(bin + prev, start - 1 - prev))
				break;
			start = prev;
		}
		/* the block must run to an empty string through entries only */
		for (end = start; end < size && bin[end]; end += strlen((char *)bin + end) + 1)
			if (!is_entry(bin + end, strlen((char *)bin + end)))
				break;
		found = end < size && !bin[end];
	}
	if (!found) {
		fprintf(stderr, "%s: no default environment (no \"bootcmd=\" block) found\n",
			argv[argi]);
		return 1;
	}
	for (pos = start; bin[pos]; pos += strlen((char *)bin + pos) + 1) {
		const char *entry = (const char *)bin + pos;

		count++;
		if (!overridden(entry))
			printf("%s\n", entry);
	}
	fprintf(stderr, "uboot-defenv: %d default variables at offset 0x%zx of %s\n", count,
		start, argv[argi]);
	free(bin);
	return ferror(stdout) ? 1 : 0;
}
