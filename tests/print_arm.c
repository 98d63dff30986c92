/*
 * The trace printer's arch facts for host builds of the boot trace reader
 * (tests/test_persist.c, tests/fuzz/persist.c): an ARM kernel's, with the
 * default trace options. (tools/ektrace_ram.c has its own: the dump says
 * which arch it is.)
 */
#include <ek/probe_event.h>
#include <ek/trace_options.h>

u32 trace_print_site_len(void)
{
	return 4; /* bl */
}

bool trace_print_irqs_off(u32 status)
{
	return status & 0x80; /* CPSR.I */
}

bool trace_option(enum trace_opt opt)
{
	return opt == TRACE_OPT_PRINT_PARENT;
}
