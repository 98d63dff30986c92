/* CRC-32 (IEEE 802.3, the one zlib and Python's zlib.crc32 compute). */
#ifndef EK_CRC32_H
#define EK_CRC32_H

#include <ek/types.h>

/* Continue @crc (0 to start) over @len bytes at @buf. */
u32 crc32_update(u32 crc, const void *buf, size_t len);

#endif
