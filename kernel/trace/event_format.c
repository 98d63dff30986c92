/*
 * Event formats the Linux way (include/ek/event_format.h): the fields of a
 * probe event laid out as a 32-bit Linux kernel records them, the format
 * file that describes them, and the values of those fields in our slots.
 */
#include <ek/arch.h>
#include <ek/event_format.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/trace.h>

#define LONG_SIZE 4 /* unsigned long of this 32-bit kernel */
#define PAGE_BYTES 4096
#define PAGE_HEADER 12 /* u64 timestamp, local_t commit */

/* Linux's struct trace_entry. Filled by code, not a table of pointers:
 * those the boot would relocate before the early probes are armed. */
static void set_field(struct event_field *f, const char *type, const char *name,
		      unsigned int offset, unsigned int size, bool is_signed, u8 src)
{
	f->type = type;
	f->name = name;
	f->offset = (u16)offset;
	f->size = (u8)size;
	f->is_signed = is_signed;
	f->is_string = false;
	f->src = src;
	f->arg = 0;
}

static void common_fields(struct event_field *f)
{
	set_field(&f[0], "unsigned short", "common_type", 0, 2, false, FIELD_COMMON_TYPE);
	set_field(&f[1], "unsigned char", "common_flags", 2, 1, false, FIELD_COMMON_FLAGS);
	set_field(&f[2], "unsigned char", "common_preempt_count", 3, 1, false,
		  FIELD_COMMON_PREEMPT);
	set_field(&f[3], "int", "common_pid", 4, 4, true, FIELD_COMMON_PID);
}

/* The type a fetch type shows in the format (Linux's fmttype: the x types
 * are aliases of the u ones, a symbol is an address) and prints with. */
static const char *arg_type(u8 type)
{
	static const char names[][4] = { "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64" };
	unsigned int size = PTYPE_SIZE(type), i = size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;

	if (type == PTYPE_STRING)
		return "__data_loc char[]";
	if (type == PTYPE_SYMBOL)
		return "u32";
	return names[i + (PTYPE_KIND(type) == 0x10 ? 4 : 0)];
}

static const char *arg_fmt(u8 type)
{
	bool wide = PTYPE_SIZE(type) == 8;

	switch (PTYPE_KIND(type)) {
	case 0x00:
		return wide ? "%Lu" : "%u";
	case 0x10:
		return wide ? "%Ld" : "%d";
	case 0x20:
		return wide ? "0x%Lx" : "0x%x";
	case 0x30:
		return "\\\"%s\\\"";
	default:
		return "%pS";
	}
}

int event_fields(const struct probe_def *def, struct event_field *out)
{
	unsigned int off = 8;
	int n = EVENT_COMMON_FIELDS;

	common_fields(out);
	if (def->kind == PROBE_RETURN) {
		set_field(&out[n++], "unsigned long", "__probe_func", off, LONG_SIZE, false,
			  FIELD_PROBE_FUNC);
		off += LONG_SIZE;
		set_field(&out[n++], "unsigned long", "__probe_ret_ip", off, LONG_SIZE, false,
			  FIELD_PROBE_IP);
	} else {
		set_field(&out[n++], "unsigned long", "__probe_ip", off, LONG_SIZE, false,
			  FIELD_PROBE_IP);
	}
	off += LONG_SIZE;
	for (int i = 0; i < def->nargs; i++) {
		const struct probe_arg *a = &def->args[i];
		bool str = a->type == PTYPE_STRING;
		unsigned int size = str ? 4 : PTYPE_SIZE(a->type);

		set_field(&out[n], arg_type(a->type), a->name, off, size,
			  str || PTYPE_KIND(a->type) == 0x10, FIELD_ARG);
		out[n].is_string = str;
		out[n++].arg = (u8)i;
		off += size;
	}
	return n;
}

const struct event_field *event_field_find(const struct event_field *f, int n,
					   const char *name, size_t len)
{
	for (int i = 0; i < n; i++)
		if (strlen(f[i].name) == len && !memcmp(f[i].name, name, len))
			return &f[i];
	return NULL;
}

static void show_field(struct seq *s, const struct event_field *f)
{
	seq_printf(s, "\tfield:%s %s;\toffset:%u;\tsize:%u;\tsigned:%d;\n", f->type, f->name,
		   f->offset, f->size, f->is_signed);
}

static void show_head(struct seq *s, const char *name, unsigned int id)
{
	struct event_field f[EVENT_COMMON_FIELDS];

	common_fields(f);
	seq_printf(s, "name: %s\nID: %u\nformat:\n", name, id);
	for (int i = 0; i < EVENT_COMMON_FIELDS; i++)
		show_field(s, &f[i]);
	seq_puts(s, "\n");
}

void event_format_show(struct seq *s, const struct probe_def *def, unsigned int id)
{
	struct event_field f[EVENT_FIELDS_MAX];
	int n = event_fields(def, f);
	bool ret = def->kind == PROBE_RETURN;

	show_head(s, def->event, id);
	for (int i = EVENT_COMMON_FIELDS; i < n; i++)
		show_field(s, &f[i]);
	/* Linux's print fmt: "(%lx) name=FMT ...", REC->__probe_ip, REC->name
	 * (a string through __get_str()). */
	seq_printf(s, "\nprint fmt: \"%s", ret ? "(%lx <- %lx)" : "(%lx)");
	for (int i = 0; i < def->nargs; i++)
		seq_printf(s, " %s=%s", def->args[i].name, arg_fmt(def->args[i].type));
	seq_puts(s, ret ? "\", REC->__probe_func, REC->__probe_ret_ip" : "\", REC->__probe_ip");
	for (int i = 0; i < def->nargs; i++)
		seq_printf(s, def->args[i].type == PTYPE_STRING ? ", __get_str(%s)" : ", REC->%s",
			   def->args[i].name);
	seq_puts(s, "\n");
}

void event_format_function(struct seq *s, unsigned int id)
{
	show_head(s, "function", id);
	seq_printf(s, "\tfield:unsigned long ip;\toffset:8;\tsize:%u;\tsigned:0;\n", LONG_SIZE);
	seq_printf(s, "\tfield:unsigned long parent_ip;\toffset:%u;\tsize:%u;\tsigned:0;\n",
		   8 + LONG_SIZE, LONG_SIZE);
	seq_puts(s, "\nprint fmt: \" %ps <-- %ps\", (void *)REC->ip, (void *)REC->parent_ip\n");
}

void event_format_header_page(struct seq *s)
{
	seq_puts(s, "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n");
	seq_printf(s, "\tfield: local_t commit;\toffset:8;\tsize:%u;\tsigned:1;\n", LONG_SIZE);
	seq_puts(s, "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n");
	/* char's signedness is the ABI's: unsigned on ARM, signed on i386. */
	seq_printf(s, "\tfield: char data;\toffset:%u;\tsize:%u;\tsigned:%d;\n", PAGE_HEADER,
		   PAGE_BYTES - PAGE_HEADER, (char)-1 < 0);
}

void event_format_header_event(struct seq *s)
{
	seq_puts(s, "# compressed entry header\n"
		    "\ttype_len    :    5 bits\n"
		    "\ttime_delta  :   27 bits\n"
		    "\tarray       :   32 bits\n"
		    "\n"
		    "\tpadding     : type == 29\n"
		    "\ttime_extend : type == 30\n"
		    "\ttime_stamp : type == 31\n"
		    "\tdata max type_len  == 28\n");
}

u8 event_common_flags(const struct trace_slot *slot)
{
	return (u8)((arch_status_irqs_off(slot->e.status) ? TRACE_FLAG_IRQS_OFF : 0) |
		    (slot->e.flags & TRACE_ENTRY_HARDIRQ ? TRACE_FLAG_HARDIRQ : 0));
}

const u8 *probe_slot_arg(const struct probe_def *def, const struct trace_slot *slot, int i,
			 size_t *len)
{
	const u8 *p = slot->data, *end = slot->data + MIN(slot->e.len, TRACE_DATA_MAX);

	for (int k = 0; k <= i && k < def->nargs; k++) {
		bool str = def->args[k].type == PTYPE_STRING;
		size_t n = str ? (end > p ? (size_t)p[0] : 0) : PTYPE_SIZE(def->args[k].type);

		if ((size_t)(end - p) < n + (str ? 1 : 0))
			return NULL; /* not recorded: the slot was full */
		if (k == i) {
			*len = n;
			return str ? p + 1 : p;
		}
		p += n + (str ? 1 : 0);
	}
	return NULL;
}

bool event_field_value(const struct probe_def *def, const struct trace_slot *slot,
		       const struct event_field *f, u64 *val, const char **str, size_t *len)
{
	const u8 *p;
	size_t n;

	switch (f->src) {
	case FIELD_COMMON_TYPE:
		*val = slot->e.event_id;
		return true;
	case FIELD_COMMON_FLAGS:
		*val = event_common_flags(slot);
		return true;
	case FIELD_COMMON_PREEMPT:
		*val = 0; /* no preemption here */
		return true;
	case FIELD_COMMON_PID:
		*val = (slot->e.flags & TRACE_ENTRY_TASK_MASK) >> TRACE_ENTRY_TASK_SHIFT;
		return true;
	case FIELD_PROBE_IP:
		*val = slot->e.ip;
		return true;
	case FIELD_PROBE_FUNC:
		*val = def->addr;
		return true;
	default:
		break;
	}
	p = probe_slot_arg(def, slot, f->arg, &n);
	if (!p)
		return false;
	if (f->is_string) {
		*str = (const char *)p;
		*len = n;
		return true;
	}
	*val = probe_arg_number(def->args[f->arg].type, p);
	return true;
}

u64 probe_arg_number(u8 type, const u8 *p)
{
	bool sign = PTYPE_KIND(type) == 0x10;

	switch (PTYPE_SIZE(type)) {
	case 1: { u8 x; memcpy(&x, p, 1); return sign ? (u64)(s64)(s8)x : x; }
	case 2: { u16 x; memcpy(&x, p, 2); return sign ? (u64)(s64)(s16)x : x; }
	case 4: { u32 x; memcpy(&x, p, 4); return sign ? (u64)(s64)(s32)x : x; }
	default: { u64 x; memcpy(&x, p, 8); return x; }
	}
}
