/*
 * trace_options and options/<name>, as in Linux, for the options that do
 * something here:
 *
 *   print-parent  function tracer entries show " <-caller" (default on)
 *   sym-offset    function names with +offset/size (default off)
 *   sym-addr      function names followed by <address> (default off)
 *   overwrite     a full ring drops its oldest entry, rather than the
 *                 newest (default on)
 *
 * trace_options lists each as NAME or noNAME; writing NAME or noNAME sets
 * it, options/NAME reads and takes 0 or 1.
 */
#include <ek/driver.h>
#include <ek/errno.h>
#include <ek/printk.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/trace.h>
#include <ek/trace_options.h>

#define TRACING "/sys/kernel/tracing/"

static bool flags[TRACE_OPT_COUNT] = { [TRACE_OPT_PRINT_PARENT] = true };

static const char names[TRACE_OPT_COUNT][16] = {
	[TRACE_OPT_PRINT_PARENT] = "print-parent",
	[TRACE_OPT_SYM_OFFSET] = "sym-offset",
	[TRACE_OPT_SYM_ADDR] = "sym-addr",
	[TRACE_OPT_OVERWRITE] = "overwrite",
};

bool trace_option(enum trace_opt opt)
{
	return opt == TRACE_OPT_OVERWRITE ? trace_buffer_overwrite() : READ_ONCE(flags[opt]);
}

static void set_option(enum trace_opt opt, bool on)
{
	if (opt == TRACE_OPT_OVERWRITE)
		trace_buffer_set_overwrite(on);
	else
		WRITE_ONCE(flags[opt], on);
}

static int trace_options_show(struct seq *s, void *data)
{
	(void)data;
	for (int i = 0; i < TRACE_OPT_COUNT; i++)
		seq_printf(s, "%s%s\n", trace_option(i) ? "" : "no", names[i]);
	return 0;
}

static int trace_options_write(const char *text, size_t len, bool append, void *data)
{
	bool on = true;

	(void)append;
	(void)data;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len > 2 && !memcmp(text, "no", 2)) {
		on = false;
		text += 2;
		len -= 2;
	}
	for (int i = 0; i < TRACE_OPT_COUNT; i++) {
		if (strlen(names[i]) == len && !memcmp(names[i], text, len)) {
			set_option(i, on);
			return 0;
		}
	}
	return -EINVAL;
}


static int option_show(struct seq *s, void *data)
{
	seq_printf(s, "%d\n", trace_option((enum trace_opt)(uintptr_t)data));
	return 0;
}

static int option_write(const char *text, size_t len, bool append, void *data)
{
	(void)append;
	if (len && (text[0] == '0' || text[0] == '1') && (len == 1 || text[1] == '\n')) {
		set_option((enum trace_opt)(uintptr_t)data, text[0] == '1');
		return 0;
	}
	return -EINVAL;
}

/* Registered by code (pfile_add()): no table to relocate at boot. */
static int trace_options_init(void)
{
	/* Filled here (pfile_add(), ksnprintf()) before anything reads them. */
	static struct pfile files[1 + TRACE_OPT_COUNT] __section(".noinit");
	static char paths[TRACE_OPT_COUNT][sizeof(TRACING "options/") + 16] __section(".noinit");

	pfile_add(&files[0], TRACING "trace_options", trace_options_show, trace_options_write,
		  NULL);
	for (int i = 0; i < TRACE_OPT_COUNT; i++) {
		ksnprintf(paths[i], sizeof(paths[i]), TRACING "options/%s", names[i]);
		pfile_add(&files[1 + i], paths[i], option_show, option_write, (void *)(uintptr_t)i);
	}
	return 0;
}
device_initcall(trace_options_init);
