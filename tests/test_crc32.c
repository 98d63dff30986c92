/* kernel/lib/crc32.c against the check value of the CRC-32 catalogue and
 * against a plain bitwise computation over pseudo-random buffers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ek/crc32.h>

static uint32_t bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (c & 1 ? 0xedb88320u : 0);
	}
	return ~c;
}

int main(void)
{
	static uint8_t buf[4096];
	int fails = 0;
	uint32_t x = 12345;

	if (crc32_update(0, "123456789", 9) != 0xcbf43926u) {
		printf("crc32: check value wrong: %08x\n", crc32_update(0, "123456789", 9));
		fails++;
	}
	for (size_t i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (size_t n = 0; n <= sizeof(buf); n += 97) {
		/* in one go, and split in two */
		uint32_t a = crc32_update(0, buf, n);
		uint32_t b = crc32_update(crc32_update(0, buf, n / 3), buf + n / 3, n - n / 3);

		if (a != bitwise(buf, n) || b != a) {
			printf("crc32: %zu bytes: %08x %08x, want %08x\n", n, a, b, bitwise(buf, n));
			fails++;
		}
	}
	printf("crc32: %s\n", fails ? "FAIL" : "ok");
	return fails != 0;
}
