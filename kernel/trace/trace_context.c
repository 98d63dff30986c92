/*
 * The task column of the trace. This kernel has no tasks, but a boot does
 * run in named stages, then the shell, which sleeps in an idle loop while
 * it waits for a key: that is what the comm-pid column names, the way
 * Linux names the task a CPU ran. Each name gets a pid in the order it is
 * first entered (start_kernel is 1, so a boot numbers its stages the same
 * way every time); pid 0 is the idle loop, which Linux prints "<idle>".
 *
 * Each CPU runs its own: the running pid and the hardirq bit live in the
 * CPU's own trace_buf.fn_hdr[1] as the entry flags they become, so that a
 * hit copies them with its clock's epoch (include/ek/trace.h). A
 * secondary CPU starts in its idle loop (trace_buffer.c).
 */
#include <ek/arch.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/persist.h>
#include <ek/string.h>
#include <ek/trace.h>

#define CTX_TASK ((u32)TRACE_ENTRY_TASK_MASK << 16)

/* Names by pid from 2 (0 and 1 are fixed, in code: a table initialised
 * with them would cost the boot relocations before early arming). */
static const char *comms[TRACE_TASK_MAX + 1] __section(".noinit"); /* read below ncomms */
static unsigned int ncomms = 2;
/* The pid trace_task_idle(false) goes back to, on each CPU. */
static DEFINE_PER_CPU(unsigned int, before_idle);

static unsigned int current_pid(void)
{
	return (trace_entry_flags(trace_buffer_this_cpu()) & TRACE_ENTRY_TASK_MASK) >>
	       TRACE_ENTRY_TASK_SHIFT;
}

/* Unprobeable: a hit in between would record a half-updated context. */
static __noprobe void set_pid(unsigned int pid)
{
	unsigned long flags = arch_irq_save();
	struct trace_buffer *tb = trace_buffer_this_cpu();
	u32 task = (u32)pid << TRACE_ENTRY_TASK_SHIFT << 16;

	tb->fn_hdr[1] = (tb->fn_hdr[1] & ~CTX_TASK) | task;
	arch_irq_restore(flags);
}

void trace_task_enter(const char *comm)
{
	unsigned int pid;

	for (pid = 1; pid < ncomms; pid++)
		if (!strcmp(trace_task_comm(pid), comm))
			break;
	if (pid == ncomms) {
		if (ncomms > TRACE_TASK_MAX)
			return; /* out of pids: the previous task goes on */
		comms[ncomms++] = comm;
		persist_note_task(pid, comm); /* for whoever reads this boot's trace later */
	}
	set_pid(pid);
}

void trace_task_idle(bool idle)
{
	unsigned int *before = this_cpu_ptr(&before_idle);

	if (idle) {
		*before = current_pid();
		set_pid(0);
	} else {
		set_pid(*before);
	}
}

const char *trace_task_comm(unsigned int pid)
{
	if (pid < 2)
		return pid ? "start_kernel" : "<idle>";
	return pid < ncomms ? comms[pid] : NULL;
}
