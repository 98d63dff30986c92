/*
 * Probe events: a parsed definition bound to a kprobe or kretprobe whose
 * handler records the fetched arguments into the trace buffer (the hit
 * side is kernel/trace/probe_record.c; this is an event's life: create,
 * delete, look up, enable).
 *
 * Events defined at early boot (DT, command line) start as compact records
 * (kernel/trace/early_events.c) and become events here at the handover,
 * once kzalloc works; they keep the ids they recorded under.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/event_files.h>
#include <ek/error_log.h>
#include <ek/mm.h>
#include <ek/printk.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/persist.h>
#include <ek/probe_event.h>
#include <ek/quiesce.h>
#include <ek/sections.h>
#include <ek/shell.h>
#include <ek/spinlock.h>
#include <ek/string.h>
#include "probe_event_internal.h"

#define ID_HASH_SIZE 64
static struct probe_event *events; /* oldest first, the order they were defined in */
static struct probe_event **events_tail = &events;
static struct probe_event *id_hash[ID_HASH_SIZE];
static u16 next_id = 1;
/* The event list, the id hash and the next id: writers on any CPU take
 * it; hits and the tracefs readers walk the lists without it (an event is
 * freed only after its probe was unregistered, which waits for a grace
 * period). */
static spinlock_t events_lock = SPINLOCK_INIT;

static struct probe_event *event_alloc(void)
{
	return kzalloc(sizeof(struct probe_event));
}

static void event_free(struct probe_event *ev)
{
	kfree(ev);
}

/* ---- create / delete ----------------------------------------------- */

/*
 * SYM+OFFS past the end of SYM: as Linux, the probe goes on whatever
 * function holds that address (the instruction checks still apply), and
 * on that function's entry exactly as if it were named with +0.
 */
static int resolve_past_end(struct probe_def *def)
{
	unsigned long a = def->addr + def->offset, off, size;

	if (a < def->addr || !addr_in_text(a) || !kallsyms_lookup(a, NULL, &off, &size))
		return -EINVAL;
	def->addr = a;
	def->ftrace_site = off ? ftrace_site_index(a) : ftrace_function_site(a, size);
	return 0;
}

/* notrace: every early probe resolves here before ftrace_init(), when a
 * traced call still goes to the tracer's stub (as probe_parse.o). */
notrace int probe_def_resolve(struct probe_def *def, struct probe_error *err)
{
	char name[PROBE_SYM_MAX];
	unsigned long size = 0;
	const char *why;

	if (def->has_symbol) {
		/* One hashed lookup gives address and size: no need to
		 * remember the last function (kallsyms.c). */
		def->addr = kallsyms_lookup_name_size(def->symbol, def->symbol_len, &size);
		if (!def->addr)
			return probe_error_set(err, -ENOENT, def->point_pos, "unknown symbol '%s'",
					 def->symbol);
		if (size && def->offset < size) {
			def->addr += def->offset;
			/* A traced function's entry is its call site
			 * (kprobe_entry_addr()); the symbol says where it
			 * starts. */
			def->ftrace_site = def->offset ? ftrace_site_index(def->addr)
						       : ftrace_function_site(def->addr, size);
		} else if (resolve_past_end(def)) {
			return probe_error_set(err, -EINVAL, def->point_pos,
					 "offset 0x%lx is beyond the end of %s and of the kernel's "
					 "functions", def->offset, def->symbol);
		}
		if (def->ftrace_site >= 0)
			def->addr = ftrace_site_addr((u32)def->ftrace_site);
	} else {
		def->addr = kprobe_entry_addr(def->addr);
		def->ftrace_site = ftrace_site_index(def->addr);
	}
	if (kprobe_check_blacklist(def->addr, &why))
		return probe_error_set(err, -EPERM, def->point_pos, "cannot probe there: %s", why);
	for (int i = 0; i < def->nargs; i++) {
		struct probe_arg *a = &def->args[i];
		int off = a->base == FETCH_REG ? regs_register_offset(a->index) :
			  a->base == FETCH_ARG ? regs_argument_offset(a->index) : -1;

		/* Only for a number read from the register itself: a
		 * dereference or a string goes through fetch_one(). */
		if (a->nderef || a->type == PTYPE_STRING)
			off = -1;
		a->regs_slot = off >= 0 ? (u16)(off + 1) : 0;
		if (a->base != FETCH_SYMBOL)
			continue;
		memcpy(name, a->text + a->sym_pos, a->sym_len);
		name[a->sym_len] = '\0';
		a->sym_addr = kallsyms_lookup_name(name);
		if (!a->sym_addr)
			return probe_error_set(err, -ENOENT, a->pos + a->sym_pos, "unknown symbol '%s'",
					 name);
	}
	return 0;
}

static void id_insert(struct probe_event *ev)
{
	struct probe_event **head = &id_hash[ev->id % ID_HASH_SIZE];

	ev->id_next = *head;
	WRITE_ONCE(*head, ev);
}

static void id_remove(struct probe_event *ev)
{
	struct probe_event **pp = &id_hash[ev->id % ID_HASH_SIZE];

	while (*pp && *pp != ev)
		pp = &(*pp)->id_next;
	if (*pp)
		WRITE_ONCE(*pp, ev->id_next);
}

static void list_append(struct probe_event *ev)
{
	unsigned long irq = spin_lock_irqsave(&events_lock);

	ev->next = NULL;
	arch_smp_mb(); /* the event whole before a walker can reach it */
	WRITE_ONCE(*events_tail, ev);
	events_tail = &ev->next;
	id_insert(ev);
	spin_unlock_irqrestore(&events_lock, irq);
}

static u16 alloc_id(void)
{
	unsigned long irq = spin_lock_irqsave(&events_lock);

	for (;;) {
		u16 id = next_id++;

		if (id && !probe_event_by_id(id)) {
			spin_unlock_irqrestore(&events_lock, irq);
			return id;
		}
	}
}

static int event_register(struct probe_event *ev, unsigned int flags, struct probe_error *err)
{
	struct kprobe *kp = &ev->rp.kp;
	const char *why;
	int ret;

	kp->addr = (void *)ev->def.addr;
	probe_event_prepare_words(ev);
	if (flags & PROBE_EVENT_DISABLED)
		kp->flags |= KPROBE_FLAG_DISABLED;
	if (ev->def.kind == PROBE_RETURN) {
		ev->rp.handler = probe_event_return_handler(ev);
		ev->rp.maxactive = ev->def.maxactive;
		ret = register_kretprobe_why(&ev->rp, &why);
	} else {
		kp->pre_handler = probe_event_entry_handler(ev);
		ret = register_kprobe_why(kp, &why);
	}
	if (ret)
		return probe_error_set(err, ret, ev->def.point_pos, "cannot probe %s+0x%lx: %s",
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

static void event_publish(struct probe_event *ev)
{
	ev->dir = event_dir_add(ev);
	list_append(ev);
}

static int event_create(const struct probe_def *def, unsigned int flags,
			struct probe_error *err)
{
	struct probe_event *ev;
	int ret;

	if (probe_event_find(def->group, def->event))
		return probe_error_set(err, -EEXIST, def->has_event ? def->event_pos : -1,
				 "event %s/%s already exists", def->group, def->event);
	ev = event_alloc();
	if (!ev)
		return probe_error_set(err, -ENOMEM, -1, "no memory for another event");
	memcpy(&ev->def, def, sizeof(*def));
	ret = probe_def_resolve(&ev->def, err);
	if (ret) {
		event_free(ev);
		return ret;
	}
	/* The id first: the probe may fire as soon as it is registered. */
	ev->id = alloc_id();
	persist_note_event(ev->id, &ev->def); /* what the id means, for a later reader */
	ret = event_register(ev, flags, err);
	if (ret) {
		event_free(ev);
		return ret;
	}
	event_publish(ev);
	return 0;
}

struct probe_event *probe_event_prepare(const char *line, size_t len, const char *default_group,
					struct probe_error *err)
{
	struct probe_parse_opts opts = { default_group, regs_register_index, false };
	struct probe_event *ev = event_alloc();

	if (!ev) {
		probe_error_set(err, -ENOMEM, -1, "no memory for another event");
		return NULL;
	}
	if (probe_parse(line, len, &opts, &ev->def, err) || probe_def_resolve(&ev->def, err)) {
		event_free(ev);
		return NULL;
	}
	return ev;
}

void probe_event_discard(struct probe_event *ev)
{
	event_free(ev);
}

int probe_event_install(struct probe_event *ev, u16 id, struct probe_error *err)
{
	ev->id = id;
	return event_register(ev, PROBE_EVENT_DISABLED, err);
}

struct kprobe *probe_event_kprobe(struct probe_event *ev)
{
	return &ev->rp.kp;
}

void probe_event_add_counts(struct probe_event *ev, unsigned long hits, unsigned long missed)
{
	unsigned long irq = arch_irq_save();

	/* Added, not assigned: the event may have counted hits of its own
	 * since its kprobe was enabled. */
	ev->hits[probe_event_hits_index(smp_processor_id())] += hits;
	ev->rp.kp.nmissed += missed;
	arch_irq_restore(irq);
}

void probe_event_publish(struct probe_event *ev)
{
	event_publish(ev);
}

void probe_event_reserve_ids(u16 n)
{
	unsigned long irq = spin_lock_irqsave(&events_lock);

	if (next_id <= n)
		next_id = (u16)(n + 1);
	spin_unlock_irqrestore(&events_lock, irq);
}

static void event_destroy(struct probe_event *ev)
{
	unsigned long irq = spin_lock_irqsave(&events_lock);

	for (struct probe_event **pp = &events; *pp; pp = &(*pp)->next) {
		if (*pp == ev) {
			WRITE_ONCE(*pp, ev->next);
			if (!ev->next)
				events_tail = pp;
			break;
		}
	}
	id_remove(ev);
	spin_unlock_irqrestore(&events_lock, irq);
	event_dir_remove(ev->dir);
	event_unregister(ev);
	if (ev->filter)
		event_filter_free(ev->filter);
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
	struct probe_parse_opts opts = { default_group, regs_register_index, false };
	struct probe_error local;
	/* Parser scratch: a probe_def is too big for the stack, and two CPUs
	 * may define events at once. */
	struct probe_def *def = kmalloc(sizeof(*def));
	int ret;

	if (!err)
		err = &local;
	if (!def) {
		ret = probe_error_set(err, -ENOMEM, -1, "no memory to parse the definition");
		goto report;
	}
	ret = probe_parse(line, len, &opts, def, err);
	if (!ret && def->kind == PROBE_DELETE) {
		ret = probe_event_delete(def->has_group ? def->group : NULL, def->event);
		if (ret == -ENOENT)
			probe_error_set(err, ret, def->event_pos, "no event named %s", def->event);
		else if (ret == -EBUSY)
			probe_error_set(err, ret, def->event_pos,
				  "event %s is enabled; disable it first", def->event);
	} else if (!ret) {
		ret = event_create(def, flags, err);
	}
	kfree(def);
report:
	if (ret)
		trace_error_log("trace_kprobe", line, len, err->pos, err->msg);
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
	for (struct probe_event *ev = id_hash[id % ID_HASH_SIZE]; ev; ev = ev->id_next)
		if (ev->id == id)
			return ev;
	return NULL;
}

void probe_event_for_each(void (*fn)(struct probe_event *ev, void *ctx), void *ctx)
{
	for (struct probe_event *ev = events; ev; ev = ev->next)
		fn(ev, ctx);
}

const struct probe_def *probe_event_def(const struct probe_event *ev)
{
	return &ev->def;
}

u16 probe_event_id(const struct probe_event *ev)
{
	return ev->id;
}

const struct event_filter *probe_event_filter(const struct probe_event *ev)
{
	return ev->filter;
}

/* Swapped together with the handler that reads it (handlers test for no
 * filter, so a hit on another CPU in between is fine either way); the old
 * filter is freed once no CPU can still be in a hit that read it. */
void probe_event_set_filter(struct probe_event *ev, struct event_filter *filter)
{
	struct event_filter *old = ev->filter;
	unsigned long flags = spin_lock_irqsave(&events_lock);

	WRITE_ONCE(ev->filter, filter);
	probe_event_set_handlers(ev);
	spin_unlock_irqrestore(&events_lock, flags);
	if (old) {
		quiesce_sync();
		event_filter_free(old);
	}
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
	*hits = 0;
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		*hits += READ_ONCE(ev->hits[probe_event_hits_index(cpu)]);
	*missed = ev->rp.kp.nmissed + (ev->def.kind == PROBE_RETURN ? ev->rp.nmissed : 0);
}

void probe_event_set_print(bool on)
{
	unsigned long flags = spin_lock_irqsave(&events_lock);

	WRITE_ONCE(probe_print_on, on);
	for (struct probe_event *ev = events; ev; ev = ev->next)
		probe_event_set_handlers(ev);
	spin_unlock_irqrestore(&events_lock, flags);
}

bool probe_event_print_enabled(void)
{
	return READ_ONCE(probe_print_on);
}

