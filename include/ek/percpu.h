/*
 * Per-CPU variables. DEFINE_PER_CPU places CPU 0's copy in the
 * .bss..percpu section (zeroed with .bss, so usable from the first C
 * function of boot); every other CPU gets its own copy of that section at
 * __per_cpu_offset[cpu] bytes from it. A CPU reaches its own copies with
 * one register read: arch_percpu_offset() (TPIDRPRW on ARM), so nothing
 * on a hot path names a CPU's copy by a literal address.
 *
 * Per-CPU variables start zeroed, on every CPU: there is no initializer.
 * What needs another start value sets it from a PERCPU_INIT hook, which
 * runs for each secondary CPU on the boot CPU before that CPU starts.
 */
#ifndef EK_PERCPU_H
#define EK_PERCPU_H

#include <ek/arch.h> /* arch_percpu_offset(): a register read */
#include <ek/smp.h>
#include <ek/types.h>

#define DEFINE_PER_CPU(type, name) __attribute__((section(".bss..percpu"))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name

extern unsigned long __per_cpu_offset[NR_CPUS];

#define per_cpu_ptr(ptr, cpu) \
	((__typeof__(ptr))((unsigned long)(ptr) + __per_cpu_offset[(cpu)]))
#if NR_CPUS > 1
#define this_cpu_ptr(ptr) ((__typeof__(ptr))((unsigned long)(ptr) + arch_percpu_offset()))
#else
/* One CPU: its copies are the section itself, nothing to add or call. */
#define this_cpu_ptr(ptr) (ptr)
#endif

/* Make @cpu's copies (zeroed, then every PERCPU_INIT hook) and return the
 * offset its arch code loads into the per-CPU register. Boot CPU, before
 * @cpu runs. */
unsigned long percpu_prepare_cpu(unsigned int cpu);

struct percpu_init {
	void (*fn)(unsigned int cpu);
};
#define PERCPU_INIT(f)                                                                     \
	static const struct percpu_init __percpu_init_##f                                  \
		__attribute__((used, section(".percpu_init"))) = { f }

DECLARE_PER_CPU(unsigned int, cpu_number);

/* This CPU's number (0 the boot CPU). */
static inline unsigned int smp_processor_id(void)
{
	return *this_cpu_ptr(&cpu_number);
}

#endif
