/* Kernel console output: formatted printing, the log buffer and consoles. */
#ifndef EK_PRINTK_H
#define EK_PRINTK_H

#include <stdarg.h>
#include <ek/types.h>

/* kernel/lib/vsprintf.c: C99 printf subset plus %pS (symbol+offset). */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Like ksnprintf but returns the number of characters actually stored. */
int kscnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* kernel/printk.c */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
#define pr_info(...) printk(__VA_ARGS__)
#define pr_err(...) printk(__VA_ARGS__)
#define pr_warn(...) printk(__VA_ARGS__)

struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t n);
	int (*getc)(struct console *con); /* -1 when nothing is pending */
	void *priv;
	struct console *next;
};

void console_register(struct console *con);
/* Formatted output for the shell: console only, no timestamp, not logged. */
int console_printf(const char *fmt, ...) __printf(1, 2);
/* Raw write to every console, bypassing the log buffer. */
void console_write(const char *s, size_t n);
/* Poll every console for one input character; -1 when none. */
int console_getc(void);

/* Copy out the log buffer (dmesg); returns bytes stored. */
size_t log_buf_copy(char *dst, size_t size, size_t offset);
size_t log_buf_len(void);

void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#endif
