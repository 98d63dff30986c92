/* trace_options (kernel/trace/trace_options.c): the options that exist here. */
#ifndef EK_TRACE_OPTIONS_H
#define EK_TRACE_OPTIONS_H

#include <ek/types.h>

enum trace_opt {
	TRACE_OPT_PRINT_PARENT,
	TRACE_OPT_SYM_OFFSET,
	TRACE_OPT_SYM_ADDR,
	TRACE_OPT_OVERWRITE,
	TRACE_OPT_COUNT
};

bool trace_option(enum trace_opt opt);

#endif
