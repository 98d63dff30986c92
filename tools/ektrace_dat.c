/*
 * trace.dat writer: the file `trace-cmd record` makes, read by `trace-cmd
 * report` and KernelShark.
 *
 * Version 6 (trace-cmd.dat.v6(5)): trace-cmd before 3.0 reads only v6, 3.x and
 * KernelShark 1 and 2 read it too, and it is one flat layout with nothing to
 * negotiate (v7 adds compression, sections and per-buffer options; a boot
 * trace is a few kilobytes). Layout: magic, "6", endianness, long size,
 * page size; header_page and header_event as the kernel's
 * events/header_page and header_event files describe its ring buffer; the
 * ftrace formats, then the other formats grouped by system; kallsyms;
 * printk formats (none); saved_cmdlines; the CPU count; "flyrecord" with
 * each CPU's offset and size; each CPU's events as ring-buffer pages.
 *
 * A page is the kernel's buffer_data_page: a u64 timestamp, a long
 * "commit" (bytes of events on the page), the events. An event is a u32
 * header, type_len (5 bits: the payload in 4-byte words, 1..28; 0: the
 * length follows in a u32) and time_delta (27 bits, ns since the previous
 * event), then the payload: the record laid out as its format says, the
 * strings after the fixed part as __data_loc (length << 16 | offset). A
 * delta too wide for 27 bits goes first in a time-extend event (type 30).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ektrace_capture.h"
#include "ektrace_write.h"

#define PAGE_SIZE 4096
#define TYPE_TIME_EXTEND 30
#define TYPE_LEN_MAX 28 /* larger payloads: type_len 0 and a length word */
#define DELTA_BITS 27

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static void put(struct buf *b, const void *data, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2;
		b->p = ek_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

/* Little-endian integers: the file says "0 = little endian". */
static void put_le(struct buf *b, uint64_t v, unsigned size)
{
	unsigned char x[8];

	for (unsigned i = 0; i < size; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	put(b, x, size);
}

static void put_le_at(unsigned char *p, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_str0(struct buf *b, const char *s)
{
	put(b, s, strlen(s) + 1);
}

/* A section whose size precedes it in @sizelen bytes. */
static void put_sized(struct buf *b, const char *text, size_t len, unsigned sizelen)
{
	put_le(b, len, sizelen);
	put(b, text, len);
}

static void put_text(struct buf *b, const struct buf *text, unsigned sizelen)
{
	put_sized(b, text->len ? (const char *)text->p : "", text->len, sizelen);
}

static void printf_buf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void printf_buf(struct buf *b, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	put(b, line, n < 0 ? 0 : (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* events/header_page and header_event as a kernel of this long size prints them. */
static void put_headers(struct buf *b, unsigned long_size)
{
	struct buf t = { 0 };

	put_str0(b, "header_page");
	printf_buf(&t, "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n");
	printf_buf(&t, "\tfield: local_t commit;\toffset:8;\tsize:%u;\tsigned:1;\n", long_size);
	printf_buf(&t, "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n");
	printf_buf(&t, "\tfield: char data;\toffset:%u;\tsize:%u;\tsigned:0;\n", 8 + long_size,
		   PAGE_SIZE - 8 - long_size);
	put_text(b, &t, 8);
	t.len = 0;
	put_str0(b, "header_event");
	printf_buf(&t, "# compressed entry header\n\ttype_len    :    5 bits\n"
		   "\ttime_delta  :   27 bits\n\tarray       :   32 bits\n\n");
	printf_buf(&t, "\tpadding     : type == 29\n\ttime_extend : type == %d\n"
		   "\ttime_stamp : type == 31\n\tdata max type_len  == %d\n", TYPE_TIME_EXTEND,
		   TYPE_LEN_MAX);
	put_text(b, &t, 8);
	free(t.p);
}

/* The ftrace formats, then one entry per other system with its formats. */
static void put_formats(struct buf *b, const struct ek_capture *c)
{
	uint32_t n = 0;

	for (size_t i = 0; i < c->nfmts; i++)
		n += !strcmp(c->fmts[i].system, "ftrace");
	put_le(b, n, 4);
	for (size_t i = 0; i < c->nfmts; i++)
		if (!strcmp(c->fmts[i].system, "ftrace"))
			put_sized(b, c->fmts[i].text, c->fmts[i].text_len, 8);
	n = 0;
	for (size_t i = 0; i < c->nfmts; i++) {
		const char *sys = c->fmts[i].system;
		size_t first = 0;

		while (strcmp(c->fmts[first].system, sys))
			first++;
		n += first == i && strcmp(sys, "ftrace");
	}
	put_le(b, n, 4);
	for (size_t i = 0; i < c->nfmts; i++) {
		const char *sys = c->fmts[i].system;
		size_t first = 0;
		uint32_t count = 0;

		while (strcmp(c->fmts[first].system, sys))
			first++;
		if (first != i || !strcmp(sys, "ftrace"))
			continue;
		for (size_t j = i; j < c->nfmts; j++)
			count += !strcmp(c->fmts[j].system, sys);
		put_str0(b, sys);
		put_le(b, count, 4);
		for (size_t j = i; j < c->nfmts; j++)
			if (!strcmp(c->fmts[j].system, sys))
				put_sized(b, c->fmts[j].text, c->fmts[j].text_len, 8);
	}
}

static int by_addr(const void *a, const void *b)
{
	const struct ek_sym *x = *(const struct ek_sym *const *)a;
	const struct ek_sym *y = *(const struct ek_sym *const *)b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* /proc/kallsyms lines for the symbols the trace names. */
static void put_kallsyms(struct buf *b, const struct ek_capture *c)
{
	const struct ek_sym **v = ek_xrealloc(NULL, (c->ksyms.n + 1) * sizeof(*v));
	struct buf t = { 0 };
	size_t n = 0;

	for (size_t i = 0; i < c->ksyms.n; i++)
		if (c->ksyms.v[i].used)
			v[n++] = &c->ksyms.v[i];
	qsort(v, n, sizeof(*v), by_addr);
	for (size_t i = 0; i < n; i++)
		printf_buf(&t, "%0*llx %c %s\n", (int)(2 * c->long_size),
			   (unsigned long long)v[i]->addr, v[i]->type, v[i]->name);
	put_text(b, &t, 4);
	free(t.p);
	free(v);
}

/* saved_cmdlines: "PID COMM" per task; pid 0 is always "<idle>" to
 * trace-cmd, and a pid has one name: a trace that says otherwise is warned
 * about once per pid. */
static void put_cmdlines(struct buf *b, const struct ek_capture *c)
{
	struct buf t = { 0 };

	for (size_t i = 0; i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i], *other = NULL;
		size_t j;

		for (j = 0; j < i && c->recs[j].pid != r->pid; j++)
			;
		if (j < i)
			continue; /* not the pid's first record */
		if (r->pid && strcmp(r->task, "<idle>"))
			printf_buf(&t, "%d %s\n", r->pid, r->task);
		for (j = i + 1; j < c->nrecs && !other; j++)
			if (c->recs[j].pid == r->pid && strcmp(c->recs[j].task, r->task))
				other = &c->recs[j];
		if (!r->pid && strcmp(r->task, "<idle>"))
			other = r;
		if (other)
			fprintf(stderr, "ektrace: %s:%zu: warning: task '%s' has pid %d, which "
				"trace-cmd shows as '%s': one name per pid, '<idle>' for pid 0\n",
				c->log.name, other->line, other->task, r->pid,
				r->pid ? r->task : "<idle>");
	}
	put_text(b, &t, 8);
	free(t.p);
}

/* The record's payload: fields at their offsets, strings after them. */
static size_t build_payload(const struct ek_record *r, unsigned char *p, size_t cap)
{
	const struct ek_format *f = r->fmt;
	size_t len = f->fixed_size;

	memset(p, 0, cap);
	for (size_t i = 0; i < f->nfields; i++) {
		const struct ek_field *fd = &f->fields[i];
		const struct ek_value *v = &r->vals[i];

		if (fd->kind == EK_FIELD_NUM) {
			put_le_at(p + fd->offset, v->num, fd->size);
		} else if (fd->kind == EK_FIELD_STRING) {
			const char *s = v->str && !v->fault ? v->str : "";
			size_t n = strlen(s) + 1;

			if (len + n > cap || n > 0xffff)
				return 0;
			memcpy(p + len, s, n);
			put_le_at(p + fd->offset, (uint32_t)(n << 16 | len), 4);
			len += n;
		}
	}
	return (len + 3) & ~(size_t)3;
}

struct pages {
	struct buf *b;
	size_t page;       /* offset of the current page in b */
	unsigned hdr;      /* bytes before the events: timestamp and commit */
	uint64_t last_ts;
	int open;
};

static void close_page(struct pages *pg)
{
	size_t used = pg->b->len - pg->page - pg->hdr;
	static const unsigned char zero[PAGE_SIZE];

	put_le_at(pg->b->p + pg->page + 8, used, pg->hdr - 8);
	put(pg->b, zero, PAGE_SIZE - pg->hdr - used);
	pg->open = 0;
}

static void open_page(struct pages *pg, uint64_t ts)
{
	static const unsigned char zero[16];

	pg->page = pg->b->len;
	put_le(pg->b, ts, 8);
	put(pg->b, zero, pg->hdr - 8);
	pg->last_ts = ts;
	pg->open = 1;
}

static void put_event(struct pages *pg, uint64_t ts, const unsigned char *payload, size_t len)
{
	size_t need = 4 + (len / 4 > TYPE_LEN_MAX ? 4 : 0) + len;
	uint64_t delta = ts - pg->last_ts;
	size_t ext = delta >> DELTA_BITS ? 8 : 0;

	if (pg->open && pg->b->len - pg->page + ext + need > PAGE_SIZE)
		close_page(pg);
	if (!pg->open) {
		open_page(pg, ts);
		delta = 0;
		ext = 0;
	}
	if (ext) {
		put_le(pg->b, TYPE_TIME_EXTEND | (delta & ((1u << DELTA_BITS) - 1)) << 5, 4);
		put_le(pg->b, delta >> DELTA_BITS, 4);
		delta = 0;
	}
	if (len / 4 > TYPE_LEN_MAX) {
		put_le(pg->b, (uint32_t)(delta << 5), 4);
		put_le(pg->b, len + 4, 4);
	} else {
		put_le(pg->b, (uint32_t)(len / 4 | delta << 5), 4);
	}
	put(pg->b, payload, len);
	pg->last_ts = ts;
}

/* CPU @cpu's events as pages; 0 or -1 with @err set. */
static int put_cpu(struct buf *b, const struct ek_capture *c, unsigned cpu, struct ek_err *err)
{
	struct pages pg = { .b = b, .hdr = 8 + c->long_size };
	unsigned char payload[PAGE_SIZE];

	for (size_t i = 0; i < c->nrecs; i++) {
		const struct ek_record *r = &c->recs[i];
		size_t len;

		if (r->cpu != cpu)
			continue; /* the loader checked that each CPU's times never go back */
		len = build_payload(r, payload, PAGE_SIZE - pg.hdr - 8);
		if (!len)
			return ek_fail(err, c->log.name, r->line, "record too large for a "
				       "ring-buffer page");
		put_event(&pg, r->ts_ns, payload, len);
	}
	if (pg.open)
		close_page(&pg);
	return 0;
}

int ek_write_dat(const struct ek_capture *c, FILE *out, struct ek_err *err)
{
	struct buf b = { 0 }, data = { 0 };
	uint64_t *off = ek_xrealloc(NULL, 2 * c->ncpus * sizeof(*off));
	size_t start;
	int ret = -1;

	for (unsigned cpu = 0; cpu < c->ncpus; cpu++) {
		off[2 * cpu] = data.len;
		if (put_cpu(&data, c, cpu, err))
			goto out;
		off[2 * cpu + 1] = data.len - off[2 * cpu];
	}
	put(&b, "\x17\x08\x44tracing6", 11);
	put(&b, "", 1);
	put_le(&b, 0, 1); /* little endian */
	put_le(&b, c->long_size, 1);
	put_le(&b, PAGE_SIZE, 4);
	put_headers(&b, c->long_size);
	put_formats(&b, c);
	put_kallsyms(&b, c);
	put_le(&b, 0, 4); /* no trace_printk formats */
	put_cmdlines(&b, c);
	put_le(&b, c->ncpus, 4);
	put(&b, "flyrecord", 10);
	/* the CPU data starts at the next page boundary after the offset table */
	start = (b.len + 16 * c->ncpus + PAGE_SIZE - 1) / PAGE_SIZE * PAGE_SIZE;
	for (unsigned cpu = 0; cpu < c->ncpus; cpu++) {
		put_le(&b, start + off[2 * cpu], 8);
		put_le(&b, off[2 * cpu + 1], 8);
	}
	while (b.len < start)
		put(&b, "", 1);
	if (fwrite(b.p, 1, b.len, out) != b.len ||
	    (data.len && fwrite(data.p, 1, data.len, out) != data.len)) {
		snprintf(err->msg, sizeof(err->msg), "write error: %s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(off);
	free(b.p);
	free(data.p);
	return ret;
}
