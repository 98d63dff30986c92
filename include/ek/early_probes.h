/* Early probes: armed from the DT and the command line in the first C
 * function of boot, handed over to the full kprobes subsystem later. */
#ifndef EK_EARLY_PROBES_H
#define EK_EARLY_PROBES_H

/* Parse every source and arm what is valid; prints one error line per bad
 * input and "ekprobes: <N> early probe(s) armed". Needs only the early
 * console: no MMU, allocator, interrupts or timers. */
void early_probes_init(const void *fdt, const char *cmdline);

#endif
