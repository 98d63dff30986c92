/* x86 I/O port accesses (the PC's legacy devices live there). */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <ek/types.h>

static inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

/* @n bytes from @s to one port: one instruction a byte (rep outsb). */
static inline void outsb(u16 port, const void *s, unsigned long n)
{
	__asm__ __volatile__("rep outsb" : "+S"(s), "+c"(n) : "d"(port) : "memory");
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void outw(u16 port, u16 v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outl(u16 port, u32 v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline u32 inl(u16 port)
{
	u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

#endif
