/* Image layout symbols from the linker script. */
#ifndef EK_SECTIONS_H
#define EK_SECTIONS_H

extern char _text[], _stext[], _etext[];
extern char __noprobe_text_start[], __noprobe_text_end[];
extern char __rodata_start[], __rodata_end[];
extern char _sdata[], _edata[], __bss_start[], __bss_end[], _end[];

static inline bool addr_in_text(unsigned long a)
{
	return a >= (unsigned long)_stext && a < (unsigned long)_etext;
}

#endif
