/* Fixed-width types and small helpers shared by kernel, arch and drivers. */
#ifndef EK_TYPES_H
#define EK_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef unsigned int u32; /* not uint32_t: newlib makes that "long" */
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int s32;
typedef int64_t s64;
typedef uintptr_t phys_addr_t;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#define __used __attribute__((used))
#define __unused __attribute__((unused))
#define __section(s) __attribute__((section(s)))
#define __aligned(n) __attribute__((aligned(n)))
#define __noreturn __attribute__((noreturn))
#define __noinline __attribute__((noinline))
#ifndef __always_inline /* host libcs define it too */
#define __always_inline inline __attribute__((always_inline))
#endif
/* The calls on every probe hit between an arch's trap entry and the probe
 * core (kprobe_handle_trap(), arch_kprobe_resume(), the kretprobe divert
 * and trampoline handler): an arch whose C convention passes arguments on
 * the stack may pass these in registers (i386: regparm(3), from
 * arch/x86/rules.mk; its assembly callers follow). Never on handlers:
 * their types are the users'. */
#ifndef __probecall
#define __probecall
#endif
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define barrier() __asm__ __volatile__("" ::: "memory")

#endif
