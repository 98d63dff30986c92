/* The files ektrace makes from a capture (ektrace_capture.h). */
#ifndef EKTRACE_WRITE_H
#define EKTRACE_WRITE_H

#include <stdio.h>

#include "ektrace_capture.h"

/* A trace.dat (version 6) for trace-cmd report and KernelShark. */
int ek_write_dat(const struct ek_capture *c, FILE *out, struct ek_err *err);

/* Chrome trace-event JSON for Perfetto UI and chrome://tracing. */
int ek_write_perfetto(const struct ek_capture *c, FILE *out, struct ek_err *err);

/* A self-contained SVG boot timeline. */
int ek_write_svg(const struct ek_capture *c, FILE *out, struct ek_err *err);

#endif
