/*
 * Probe events: a parsed definition bound to a kprobe or kretprobe whose
 * handler records the fetched arguments into the trace buffer.
 *
 * Events defined at early boot (DT, command line) exist before the
 * allocator, so their structures come from a small static pool when
 * kzalloc has nothing to give.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/shell.h>
#include <ek/string.h>
#include <ek/time.h>
#include <ek/trace.h>

#define EVENTS_DIR "/sys/kernel/tracing/events/"
#define ENABLE_PATH_MAX (sizeof(EVENTS_DIR) + PROBE_GROUP_MAX + PROBE_EVENT_MAX + 8)

struct probe_event {
	struct probe_def def;
	u16 id;
	bool from_pool;
	unsigned long hits;
	struct kretprobe rp; /* rp.kp alone for entry probes */
	struct pfile enable_file;
	char enable_path[ENABLE_PATH_MAX];
	struct probe_event *next;
};

static struct probe_event event_pool[PROBE_EVENT_STATIC];
static bool event_pool_used[PROBE_EVENT_STATIC];
static struct probe_event *events; /* newest first */
static u16 next_id = 1;
static bool print_on;
static bool printing;
static unsigned long print_skipped;

/* Parser scratch: a probe_def is too big for a small early stack. The
 * shell and early boot never create events concurrently. */
static struct probe_def scratch_def;

static struct probe_event *event_alloc(void)
{
	struct probe_event *ev = kzalloc(sizeof(*ev));

	if (ev)
		return ev;
	for (unsigned int i = 0; i < PROBE_EVENT_STATIC; i++) {
		if (!event_pool_used[i]) {
			event_pool_used[i] = true;
			ev = &event_pool[i];
			memset(ev, 0, sizeof(*ev));
			ev->from_pool = true;
			return ev;
		}
	}
	return NULL;
}

static void event_free(struct probe_event *ev)
{
	if (ev->from_pool)
		event_pool_used[ev - event_pool] = false;
	else
		kfree(ev);
}

static int set_error(struct probe_error *err, int code, int pos, const char *fmt, ...)
	__printf(4, 5);

static int set_error(struct probe_error *err, int code, int pos, const char *fmt, ...)
{
	va_list ap;

	err->err = code;
	err->pos = pos;
	va_start(ap, fmt);
	kvsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

/* ---- hits ---------------------------------------------------------- */

static void print_hit(const struct trace_slot *slot)
{
	char line[256];
	struct seq s;

	/* A probe on the console path fires again while we print: the
	 * kprobes core already skips nested handlers, this guards any
	 * other way back in (an interrupt handler probed mid-print). */
	if (printing) {
		print_skipped++;
		return;
	}
	printing = true;
	seq_init_buf(&s, line, sizeof(line));
	trace_print_event(&s, slot);
	printk("ekprobes: %s\n", line);
	printing = false;
}

static void fill_slot(struct trace_slot *slot, struct probe_event *ev, struct pt_regs *regs,
		      unsigned long ip)
{
	bool truncated;

	slot->e.ts = time_ns();
	slot->e.ip = (u32)ip;
	slot->e.event_id = ev->id;
	slot->e.cpu = 0;
	slot->e.faults = 0;
	slot->e.len = ev->def.nargs ? (u16)probe_fetch_args(&ev->def, regs, slot->data,
							  sizeof(slot->data), &slot->e.faults,
							  &truncated) : 0;
	slot->e.flags = ev->def.nargs && truncated ? TRACE_ENTRY_TRUNCATED : 0;
}

static void record_hit(struct probe_event *ev, struct pt_regs *regs, unsigned long ip)
{
	struct trace_slot *dst, slot;
	unsigned long flags;

	ev->hits++;
	if (!READ_ONCE(print_on)) {
		/* The common case: fill the ring's slot itself, no copy. */
		dst = trace_buffer_reserve(&flags);
		if (dst) {
			fill_slot(dst, ev, regs, ip);
			trace_buffer_commit(flags);
		}
		return;
	}
	/* Printing reads the record after other hits may have reused the
	 * ring slot: keep a private copy. */
	fill_slot(&slot, ev, regs, ip);
	trace_buffer_write(&slot, slot.e.len);
	print_hit(&slot);
}

static int entry_handler(struct kprobe *kp, struct pt_regs *regs)
{
	struct probe_event *ev = container_of(kp, struct probe_event, rp.kp);

	record_hit(ev, regs, (unsigned long)kp->addr);
	return 0;
}

static int return_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct probe_event *ev = container_of(ri->rp, struct probe_event, rp);

	record_hit(ev, regs, ri->ret_addr);
	return 0;
}

/* ---- enable files -------------------------------------------------- */

static int enable_show(struct seq *s, void *data)
{
	seq_printf(s, "%d\n", probe_event_enabled(data));
	return 0;
}

static int enable_write(const char *text, size_t len, bool append, void *data)
{
	(void)append;
	if (len && (text[0] == '0' || text[0] == '1') && (len == 1 || text[1] == '\n'))
		return probe_event_enable(data, text[0] == '1');
	return -EINVAL;
}

/* ---- create / delete ----------------------------------------------- */

static int resolve(struct probe_def *def, struct probe_error *err)
{
	char name[PROBE_SYM_MAX];
	unsigned long size;
	const char *why;

	if (def->has_symbol) {
		def->addr = kallsyms_lookup_name(def->symbol);
		if (!def->addr)
			return set_error(err, -ENOENT, def->point_pos, "unknown symbol '%s'",
					 def->symbol);
		if (!kallsyms_lookup(def->addr, NULL, NULL, &size) || def->offset >= size)
			return set_error(err, -EINVAL, def->point_pos,
					 "offset 0x%lx is beyond the end of %s", def->offset,
					 def->symbol);
		def->addr += def->offset;
	}
	if (kprobe_check_blacklist(def->addr, &why))
		return set_error(err, -EPERM, def->point_pos, "cannot probe there: %s", why);
	for (int i = 0; i < def->nargs; i++) {
		struct probe_arg *a = &def->args[i];

		if (a->base != FETCH_SYMBOL)
			continue;
		memcpy(name, a->text + a->sym_pos, a->sym_len);
		name[a->sym_len] = '\0';
		a->sym_addr = kallsyms_lookup_name(name);
		if (!a->sym_addr)
			return set_error(err, -ENOENT, a->pos + a->sym_pos, "unknown symbol '%s'",
					 name);
	}
	return 0;
}

static u16 alloc_id(void)
{
	for (;;) {
		u16 id = next_id++;

		if (id && !probe_event_by_id(id))
			return id;
	}
}

static int event_register(struct probe_event *ev, unsigned int flags, struct probe_error *err)
{
	struct kprobe *kp = &ev->rp.kp;
	const char *why;
	int ret;

	kp->addr = (void *)ev->def.addr;
	if (flags & PROBE_EVENT_DISABLED)
		kp->flags |= KPROBE_FLAG_DISABLED;
	if (flags & PROBE_EVENT_EARLY)
		kp->flags |= KPROBE_FLAG_EARLY;
	if (ev->def.kind == PROBE_RETURN) {
		ev->rp.handler = return_handler;
		ev->rp.maxactive = ev->def.maxactive;
		ret = register_kretprobe_why(&ev->rp, &why);
	} else {
		kp->pre_handler = entry_handler;
		ret = register_kprobe_why(kp, &why);
	}
	if (ret)
		return set_error(err, ret, ev->def.point_pos, "cannot probe %s+0x%lx: %s",
				 ev->def.has_symbol ? ev->def.symbol : "address",
				 ev->def.has_symbol ? ev->def.offset : ev->def.addr, why);
	return 0;
}

static void event_unregister(struct probe_event *ev)
{
	if (ev->def.kind == PROBE_RETURN)
		unregister_kretprobe(&ev->rp);
	else
		unregister_kprobe(&ev->rp.kp);
}

static int event_create(const struct probe_def *def, unsigned int flags,
			struct probe_error *err)
{
	struct probe_event *ev;
	unsigned long irq;
	int ret;

	if (probe_event_find(def->group, def->event))
		return set_error(err, -EEXIST, def->has_event ? def->event_pos : -1,
				 "event %s/%s already exists", def->group, def->event);
	ev = event_alloc();
	if (!ev)
		return set_error(err, -ENOMEM, -1, "no memory for another event (static pool: %d)",
				 PROBE_EVENT_STATIC);
	memcpy(&ev->def, def, sizeof(*def));
	ret = resolve(&ev->def, err);
	if (!ret)
		ret = event_register(ev, flags, err);
	if (ret) {
		event_free(ev);
		return ret;
	}
	ev->id = alloc_id();
	ksnprintf(ev->enable_path, sizeof(ev->enable_path), EVENTS_DIR "%s/%s/enable",
		  def->group, def->event);
	ev->enable_file.path = ev->enable_path;
	ev->enable_file.show = enable_show;
	ev->enable_file.write = enable_write;
	ev->enable_file.data = ev;
	pfile_register(&ev->enable_file);
	irq = arch_irq_save();
	ev->next = events;
	events = ev;
	arch_irq_restore(irq);
	return 0;
}

static void event_destroy(struct probe_event *ev)
{
	unsigned long irq = arch_irq_save();

	for (struct probe_event **pp = &events; *pp; pp = &(*pp)->next) {
		if (*pp == ev) {
			*pp = ev->next;
			break;
		}
	}
	arch_irq_restore(irq);
	pfile_unregister(&ev->enable_file);
	event_unregister(ev);
	event_free(ev);
}

int probe_event_delete(const char *group, const char *event)
{
	struct probe_event *ev, *next;
	int found = 0;

	for (ev = events; ev; ev = ev->next) {
		if ((!group || !strcmp(ev->def.group, group)) && !strcmp(ev->def.event, event)) {
			if (probe_event_enabled(ev))
				return -EBUSY;
			found++;
		}
	}
	if (!found)
		return -ENOENT;
	for (ev = events; ev; ev = next) {
		next = ev->next;
		if ((!group || !strcmp(ev->def.group, group)) && !strcmp(ev->def.event, event))
			event_destroy(ev);
	}
	return 0;
}

int probe_event_delete_all(void)
{
	for (struct probe_event *ev = events; ev; ev = ev->next)
		if (probe_event_enabled(ev))
			return -EBUSY;
	while (events)
		event_destroy(events);
	return 0;
}

int probe_event_command(const char *line, size_t len, const char *default_group,
			const char *source, unsigned int flags, struct probe_error *err)
{
	struct probe_parse_opts opts = { default_group, regs_register_index };
	struct probe_error local;
	struct probe_def *def = &scratch_def;
	int ret;

	if (!err)
		err = &local;
	ret = probe_parse(line, len, &opts, def, err);
	if (!ret && def->kind == PROBE_DELETE) {
		ret = probe_event_delete(def->has_group ? def->group : NULL, def->event);
		if (ret == -ENOENT)
			set_error(err, ret, def->event_pos, "no event named %s", def->event);
		else if (ret == -EBUSY)
			set_error(err, ret, def->event_pos,
				  "event %s is enabled; disable it first", def->event);
	} else if (!ret) {
		ret = event_create(def, flags, err);
	}
	if (ret && source) {
		char msg[160];

		probe_error_format(err, msg, sizeof(msg));
		printk("ekprobes: error: %s: %s\n", source, msg);
	}
	return ret;
}

/* ---- queries ------------------------------------------------------- */

struct probe_event *probe_event_find(const char *group, const char *event)
{
	for (struct probe_event *ev = events; ev; ev = ev->next)
		if (!strcmp(ev->def.group, group) && !strcmp(ev->def.event, event))
			return ev;
	return NULL;
}

struct probe_event *probe_event_by_id(u16 id)
{
	for (struct probe_event *ev = events; ev; ev = ev->next)
		if (ev->id == id)
			return ev;
	return NULL;
}

/* Oldest first, the order they were defined in (the list is newest
 * first; events are few, so walk it back to front). */
void probe_event_for_each(void (*fn)(struct probe_event *ev, void *ctx), void *ctx)
{
	struct probe_event *done = NULL;

	while (done != events) {
		struct probe_event *ev = events;

		while (ev->next != done)
			ev = ev->next;
		fn(ev, ctx);
		done = ev;
	}
}

unsigned int probe_event_count(void)
{
	unsigned int n = 0;

	for (struct probe_event *ev = events; ev; ev = ev->next)
		n++;
	return n;
}

const struct probe_def *probe_event_def(const struct probe_event *ev)
{
	return &ev->def;
}

bool probe_event_enabled(const struct probe_event *ev)
{
	return !(ev->rp.kp.flags & KPROBE_FLAG_DISABLED);
}

int probe_event_enable(struct probe_event *ev, bool on)
{
	return on ? enable_kprobe(&ev->rp.kp) : disable_kprobe(&ev->rp.kp);
}

void probe_event_stats(const struct probe_event *ev, unsigned long *hits, unsigned long *missed)
{
	*hits = ev->hits;
	*missed = ev->rp.kp.nmissed + (ev->def.kind == PROBE_RETURN ? ev->rp.nmissed : 0);
}

void probe_event_set_print(bool on)
{
	WRITE_ONCE(print_on, on);
}

bool probe_event_print_enabled(void)
{
	return READ_ONCE(print_on);
}

unsigned long probe_event_print_skipped(void)
{
	return print_skipped;
}
