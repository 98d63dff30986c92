/* The i8254 programmable interval timer's ports and command bits. */
#ifndef ASM_PIT_H
#define ASM_PIT_H

#define PIT_HZ 1193182u /* input clock, 14.31818 MHz / 12 */
#define PIT_CH(n) (0x40 + (n))
#define PIT_MODE 0x43
#define PIT_SEL(n) ((n) << 6)
#define PIT_LOHI 0x30  /* access: low byte, then high byte */
#define PIT_MODE0 0x00 /* interrupt on terminal count (one shot) */
#define PIT_MODE2 0x04 /* rate generator (periodic) */

#endif
