/*
 * Early events: the probe events of the DT and the command line, armed in
 * the first C function of boot, before the allocator exists.
 *
 * A struct probe_event (a parsed definition, a kprobe, a site, the arch's
 * state) takes well over a kilobyte; a thousand of them cannot be static.
 * Until the handover an early event is a 28-byte record pointing at its
 * definition where it already lives (the DTB and the command line stay in
 * memory for good), plus a 16-byte record per probed address and a small
 * instruction slot: 60 bytes per probe in all. What the hit path needs and
 * the record lacks is derived again on each hit: the arch decodes the
 * instruction again, and an event with arguments parses its definition
 * again (early hits are rare; arming a thousand probes is not).
 *
 * Lookups are hashed (probed address; group/event name), ids are the
 * record index + 1, and arming is deferred until every source was read,
 * so ekprobes.enabled=0 late on the command line still disarms them all
 * and every decode sees the original text.
 *
 * kprobes_handover() asks us to turn each record into a normal event
 * (kzalloc'ed, optimized where possible) under the same id, and no hit may
 * be lost or counted twice on the way: early_handover.c does that.
 */
#include <ek/arch.h>
#include <ek/cmdline.h>
#include <ek/early_events.h>
#include <ek/early_sources.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/percpu.h>
#include <ek/printk.h>
#include <ek/probe_event.h>
#include <ek/string.h>
#include "early_events_internal.h"

#define HASH_SIZE 1024 /* power of two */
#define RET_INSTANCES 32 /* calls in flight across every early return probe */

_Static_assert(EARLY_EVENTS_MAX < 65535, "indices are u16");

/* Every field is written before it is read: no need to clear them at boot. */
struct early_event early_recs[EARLY_EVENTS_MAX] __section(".noinit");
struct early_site early_sites[EARLY_EVENTS_MAX] __section(".noinit");
static u16 early_site_heads[HASH_SIZE], early_name_heads[HASH_SIZE];
unsigned int nevents, nsites;
/* Parser scratch (a probe_def is too big for the stack): one for adding,
 * one for comparing names (boot only), one for hits (which may come at any
 * time, on any CPU once the secondaries run: a bridge that stays early, a
 * call entered before the handover returning after it). Like the
 * instances, written before they are read: not cleared at boot. */
static struct probe_def add_def __section(".noinit"), boot_hit_def __section(".noinit");
struct probe_def cmp_def __section(".noinit");
/* Each secondary CPU's hit scratch, taken before it starts. */
static DEFINE_PER_CPU(struct probe_def *, hit_def);
static struct kretprobe ret_probe;
static struct kretprobe_instance early_ret_instances[RET_INSTANCES] __section(".noinit");
/* The record whose handler runs on this CPU: a fault in it disables that
 * record. */
static DEFINE_PER_CPU(struct early_event *, hit_rec);

static void hit_scratch_init(unsigned int cpu)
{
	*per_cpu_ptr(&hit_def, cpu) = kmalloc(sizeof(struct probe_def));
}
PERCPU_INIT(hit_scratch_init);

static unsigned int hash_addr(u32 addr)
{
	return ((addr >> 2) * 0x9e3779b1u) >> 22; /* HASH_SIZE = 1 << 10 */
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
typedef u32 __attribute__((may_alias)) name_word;

/* Mix the NUL-terminated @s (word aligned, its array a whole number of
 * words) into @h a word at a time; bytes after the NUL are masked off. */
static u32 hash_words(const char *s, u32 h)
{
	for (const name_word *p = (const name_word *)s;; p++) {
		u32 w = *p, zero = (w - 0x01010101u) & ~w & 0x80808080u;

		if (zero) {
			/* The lowest flagged byte is the first NUL (later
			 * flags can be false, never earlier ones). */
			unsigned int keep = (unsigned int)__builtin_ctz(zero) - 7;

			return (h ^ (keep ? w & ((1u << keep) - 1) : 0)) * 0x01000193u;
		}
		h = (h ^ w) * 0x01000193u;
	}
}

_Static_assert(__builtin_offsetof(struct probe_def, group) % 4 == 0 &&
	       __builtin_offsetof(struct probe_def, event) % 4 == 0 &&
	       PROBE_GROUP_MAX % 4 == 0 && PROBE_EVENT_MAX % 4 == 0,
	       "names hashed a word at a time");
#else
static u32 hash_words(const char *s, u32 h)
{
	for (; *s; s++)
		h = (h ^ (u8)*s) * 0x01000193u;
	return h * 0x01000193u;
}
#endif

/* "group/event" hashed; every bit mixed down, as the bucket takes the low
 * bits and the tag the high ones. */
static u32 hash_name(const struct probe_def *def)
{
	u32 h = hash_words(def->event, hash_words(def->group, 2166136261u));

	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	return h ^ (h >> 16);
}

/* The early trap path (early_trap()) is unprobeable up to the handlers. */
__noprobe struct early_site *site_find(u32 addr)
{
	for (u16 i = early_site_heads[hash_addr(addr)]; i; i = early_sites[i - 1].hnext)
		if (early_sites[i - 1].addr == addr)
			return &early_sites[i - 1];
	return NULL;
}

int event_line(const struct early_event *ev, char *buf, size_t size, char *group)
{
	struct early_probe_spec spec = {
		.text = ev->text, .len = ev->len, .origin = ev->flags & EV_ORIGIN,
	};

	memcpy(group, ev->group, ev->group_len);
	group[ev->group_len] = '\0';
	return early_spec_def(&spec, buf, size);
}

int parse_event(const struct early_event *ev, struct probe_def *def,
		       struct probe_error *err)
{
	/* The group is NUL-terminated where it lives (a DT node name, or
	 * "kprobes"); group_len only bounds it. */
	struct probe_parse_opts opts = { ev->group, regs_register_index, false };
	char line[EARLY_DEF_LEN], group[PROBE_GROUP_MAX];
	int n;

	/* A DT string is the line itself, NUL only at its end: parse it in
	 * place. */
	if ((ev->flags & EV_ORIGIN) == EARLY_FROM_DT) {
		opts.len_exact = true;
		return probe_parse(ev->text, ev->len, &opts, def, err);
	}
	n = event_line(ev, line, sizeof(line), group);
	return n < 0 ? -EINVAL : probe_parse(line, (size_t)n, &opts, def, err);
}

static bool name_taken(const struct probe_def *def, u32 h)
{
	struct probe_error err;

	for (u16 i = early_name_heads[h % HASH_SIZE]; i; i = early_recs[i - 1].name_next) {
		const struct early_event *ev = &early_recs[i - 1];

		if (ev->name_tag != (u16)(h >> 16) || parse_event(ev, &cmp_def, &err))
			continue;
		if (!strcmp(cmp_def.group, def->group) && !strcmp(cmp_def.event, def->event))
			return true;
	}
	return false;
}

static int cannot_probe(const struct probe_def *def, const char *why, struct probe_error *err)
{
	return probe_error_set(err, -EINVAL, def->point_pos, "cannot probe %s+0x%lx: %s",
		    def->has_symbol ? def->symbol : "address",
		    def->has_symbol ? def->offset : def->addr, why);
}

/* The site for @def->addr, new or shared with earlier events. */
static int get_site(const struct probe_def *def, struct probe_error *err, u16 *index)
{
	struct early_site *s = site_find((u32)def->addr);
	const char *why;
	void *slot;
	int ret, ftrace;
	bool nop_before;

	if (s) {
		*index = (u16)(s - early_sites);
		return 0;
	}
	/* SYM+OFFS was checked to lie inside SYM (probe_def_resolve), so only
	 * a bare address needs the kallsyms lookup of kprobe_check_addr. */
	ret = def->has_symbol ? arch_kprobe_check_insn(def->addr, &why) :
				kprobe_check_addr(def->addr, &why);
	if (ret)
		return cannot_probe(def, why, err);
	slot = insn_slot_alloc_small();
	if (!slot)
		return cannot_probe(def, "no free instruction slot", err);
	/* A function tracer's call site: a call cannot run out of line, so
	 * the site becomes the NOP now, as ftrace_init() would make it, and
	 * the probe sits on the NOP (the tracer's fixer, early_ftrace_fix(),
	 * answers for the site from then on). */
	ftrace = def->ftrace_site;
	nop_before = ftrace >= 0 && ftrace_site_ready((u32)ftrace);
	if (ftrace >= 0 && ftrace_make_nop_early((u32)ftrace)) {
		insn_slot_free(slot);
		return cannot_probe(def, "the function tracer could not take over this call site",
				    err);
	}
	s = &early_sites[nsites];
	s->addr = (u32)def->addr;
	/* Not armed yet: the original bytes. */
	ret = arch_early_kprobe_prepare(def->addr, slot, s->saved, sizeof(s->saved), &why);
	if (ret) {
		/* Refused (x86 until its kprobes land): the site is ftrace's
		 * again, exactly as the build made it. */
		if (ftrace >= 0 && !nop_before)
			ftrace_undo_nop_early((u32)ftrace);
		insn_slot_free(slot);
		return cannot_probe(def, why, err);
	}
	s->slot = (uintptr_t)slot | (ftrace >= 0 ? SLOT_FTRACE : 0);
	s->first = 0;
	s->hnext = early_site_heads[hash_addr(s->addr)];
	early_site_heads[hash_addr(s->addr)] = (u16)(nsites + 1);
	*index = (u16)nsites++;
	return 0;
}

static int early_trap(struct pt_regs *regs);
static int early_missed_trap(struct pt_regs *regs);
static void early_missed(unsigned long addr);
static int early_disarm(unsigned long pc);
static bool early_fault(struct pt_regs *frame, struct pt_regs *fault_regs, const char *what,
			bool resume);
static bool early_orig_insn(unsigned long addr, u8 *saved, size_t len);
static int early_return(struct kretprobe_instance *ri, struct pt_regs *regs);
static int early_ftrace_fix(unsigned long site, enum ftrace_insn want);

static const struct kprobe_early_ops ops = {
	.trap = early_trap,
	.missed_trap = early_missed_trap,
	.missed = early_missed,
	.disarm = early_disarm,
	.fault = early_fault,
	.orig_insn = early_orig_insn,
	.handover = early_events_handover,
	.ftrace_fix = early_ftrace_fix,
};
/* The trap path calls these for breakpoints it has no site for, for nested
 * hits, for a bridge's misses, for its own breakpoints and for faults in
 * handlers; orig_insn is for registering, handover for kprobes_handover(). */
NOPROBE_TABLE_MEMBER(ops, trap);
NOPROBE_TABLE_MEMBER(ops, missed_trap);
NOPROBE_TABLE_MEMBER(ops, missed);
NOPROBE_TABLE_MEMBER(ops, disarm);
NOPROBE_TABLE_MEMBER(ops, fault);

/* ekprobes.fault_inject=EVENT (debug, tests): that early event's handler
 * reads address 0 (a fault once the MMU is on; before, it is memory on
 * these boards), so the containment of a faulting early handler can be
 * seen: the fault is reported, the record disabled, the boot goes on. */
static char fault_inject[PROBE_EVENT_MAX];
static u32 *volatile inject_ptr; /* NULL: a data abort */

void knob_name(const struct cmdline_arg *a, char *name, size_t size)
{
	if (a->val && a->vlen < size) {
		memcpy(name, a->val, a->vlen);
		name[a->vlen] = '\0';
	}
}

static int fault_inject_param(const struct cmdline_arg *a)
{
	knob_name(a, fault_inject, sizeof(fault_inject));
	return 0;
}
KERNEL_PARAM("ekprobes.fault_inject", fault_inject_param);

static __noinline void inject_fault(void)
{
	(void)*(volatile u32 *)inject_ptr;
}

int early_event_add(const struct early_probe_spec *spec, struct probe_error *err)
{
	struct early_event *ev = &early_recs[nevents];
	struct probe_def *def = &add_def;
	u16 site = 0;
	u32 h;
	int ret;

	if (nevents == EARLY_EVENTS_MAX)
		return probe_error_set(err, -ENOSPC, -1,
			    "no room: all %u early probes are taken (build with EARLY_EVENTS_MAX=...)",
			    (unsigned int)EARLY_EVENTS_MAX);
	if (spec->group_len >= PROBE_GROUP_MAX)
		return probe_error_set(err, -EINVAL, -1, "group name longer than %d characters",
			    PROBE_GROUP_MAX - 1);
	if (!nevents)
		kprobes_set_early_ops(&ops);
	ev->text = spec->text;
	ev->len = (u16)spec->len;
	ev->group = spec->group;
	ev->group_len = (u8)spec->group_len;
	ev->flags = spec->origin;
	ret = parse_event(ev, def, err);
	if (ret == -EINVAL && err->err == 0)
		return probe_error_set(err, -EINVAL, -1, "definition too long");
	if (ret)
		return ret;
	if (def->kind == PROBE_DELETE)
		return probe_error_set(err, -EINVAL, 0, "boot-time definitions cannot delete events");
	/* The shared return-probe instances, with the first return probe:
	 * a boot without any does not build their free list. */
	if (def->kind == PROBE_RETURN && !ret_probe.instances) {
		kretprobe_init_instances(&ret_probe, early_ret_instances, RET_INSTANCES);
		ret_probe.handler = early_return;
	}
	h = hash_name(def);
	if (name_taken(def, h))
		return probe_error_set(err, -EEXIST, def->has_event ? def->event_pos : -1,
			    "event %s/%s already exists", def->group, def->event);
	ret = probe_def_resolve(def, err);
	if (!ret)
		ret = get_site(def, err, &site);
	if (ret)
		return ret;
	ev->flags |= (def->kind == PROBE_RETURN ? EV_RETURN : 0) |
		     (spec->disabled ? EV_DISABLED : 0) | (def->nargs ? EV_ARGS : 0) |
		     (fault_inject[0] && !strcmp(def->event, fault_inject) ? EV_FAULT : 0);
	ev->hits = ev->missed = 0;
	ev->site = site;
	ev->next_on_site = early_sites[site].first;
	early_sites[site].first = (u16)(nevents + 1);
	ev->name_tag = (u16)(h >> 16);
	ev->name_next = early_name_heads[h % HASH_SIZE];
	early_name_heads[h % HASH_SIZE] = (u16)(nevents + 1);
	nevents++;
	return 0;
}

/*
 * Unprobeable (.noprobe.text, blacklisted like the rest of the probe
 * machinery): the breakpoints are written as a batch and made visible to
 * instruction fetch once, by arch_early_kprobes_sync() at the end, so no
 * instruction run in between may be one of them.
 */
__noprobe unsigned int early_events_arm(bool enabled, unsigned int *registered)
{
	unsigned int armed = 0, written = 0;

	*registered = nevents;
	for (unsigned int i = 0; i < nevents; i++) {
		if (!enabled)
			early_recs[i].flags |= EV_DISABLED;
		armed += !(early_recs[i].flags & EV_DISABLED);
	}
	/* One breakpoint per address with an enabled event on it. */
	for (unsigned int s = 0; s < nsites; s++) {
		for (u16 i = early_sites[s].first; i; i = early_recs[i - 1].next_on_site) {
			if (!(early_recs[i - 1].flags & EV_DISABLED)) {
				arch_early_kprobe_arm(early_sites[s].addr);
				written++;
				break;
			}
		}
	}
	if (written)
		arch_early_kprobes_sync();
	return armed;
}
NOPROBE_ROOT(early_events_arm);

/* ---- hits ------------------------------------------------------------ */

static __noinline void record(struct early_event *ev, struct pt_regs *regs, unsigned long ip)
{
	struct probe_def *def = smp_processor_id() ? *this_cpu_ptr(&hit_def) : &boot_hit_def;
	struct probe_error err;
	u16 id = (u16)(ev - early_recs + 1);

	/* Counted atomically: a bridge may fire on several CPUs at once. */
	kprobe_count(&ev->hits);
	if (unlikely(ev->flags & EV_FAULT))
		inject_fault();
	/* An event without arguments records nothing from its definition;
	 * live printing needs the names, so it parses. */
	if (!def) {
		kprobe_count(&ev->missed); /* no scratch for this CPU */
		return;
	}
	if (!(ev->flags & EV_ARGS) && !probe_event_print_enabled()) {
		def->nargs = 0;
	} else if (parse_event(ev, def, &err) || probe_def_resolve(def, &err)) {
		kprobe_count(&ev->missed); /* cannot happen: it parsed when it was added */
		return;
	}
	probe_record(def, id, regs, ip);
}
/*
 * The handlers of an early hit: early_trap() calls this only with this CPU
 * marked busy (kprobe_running()), so a probe hit inside (the parser, the
 * ring buffer, printk when printing live) is counted as missed and cannot
 * recurse; the same holds for early_return(), a kretprobe handler.
 */
NOPROBE_BOUNDARY(record);

static int early_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct early_event *ev = &early_recs[ri->data[0]];

	if (ev->flags & EV_CONVERTED) {
		/* Entered before the handover, returning after it. */
		struct probe_event *pe = probe_event_by_id((u16)(ri->data[0] + 1));

		if (pe)
			probe_event_record(pe, regs, ri->ret_addr);
		return 0;
	}
	record(ev, regs, ri->ret_addr);
	return 0;
}

/* The records at @s hit; the core has marked this CPU busy. */
__noprobe void site_hits(struct early_site *s, struct pt_regs *regs)
{
	for (u16 i = s->first; i; i = early_recs[i - 1].next_on_site) {
		struct early_event *ev = &early_recs[i - 1];

		if (ev->flags & (EV_DISABLED | EV_CONVERTED))
			continue;
		*this_cpu_ptr(&hit_rec) = ev;
		if (!(ev->flags & EV_RETURN))
			record(ev, regs, s->addr);
		else if (kretprobe_track(&ret_probe, regs, (u64)(i - 1), s->slot & SLOT_FTRACE))
			kprobe_count(&ev->missed);
	}
	*this_cpu_ptr(&hit_rec) = NULL;
}

/* A hit at @s while a handler runs: counted, no handler. */
static __noprobe void site_missed(struct early_site *s)
{
	for (u16 i = s->first; i; i = early_recs[i - 1].next_on_site)
		if (!(early_recs[i - 1].flags & (EV_DISABLED | EV_CONVERTED)))
			kprobe_count(&early_recs[i - 1].missed);
}

static __noprobe void site_resume(struct early_site *s, struct pt_regs *regs)
{
	/* A traced call site: the tracer's entry, as the call would have
	 * made it (the parent is the word the site's push stored). */
	if (s->slot & SLOT_FTRACE) {
		int i = ftrace_site_index(s->addr);
		unsigned long parent;

		if (i >= 0 && ftrace_site_traced((u32)i) &&
		    !regs_get_stack_nth(regs, 0, &parent))
			ftrace_record_function(s->addr, parent, regs_get_status(regs));
	}
	/* An asynchronous step (x86's trap flag) ends in the arch's step
	 * trap, which calls kprobe_step_done(): no post handler waits. */
	arch_early_kprobe_resume(s->addr, s->saved, sizeof(s->saved), site_slot(s),
				 !(s->slot & SLOT_READY), regs);
	s->slot |= SLOT_READY;
}

/* A breakpoint with no normal site: before the handover, every early one. */
static __noprobe int early_trap(struct pt_regs *regs)
{
	struct early_site *s = site_find((u32)regs_get_pc(regs));

	if (!s)
		return -ENOENT;
	if (arch_early_kprobe_would_run(s->saved, sizeof(s->saved), regs))
		site_hits(s, regs);
	site_resume(s, regs);
	return 0;
}

static __noprobe int early_missed_trap(struct pt_regs *regs)
{
	struct early_site *s = site_find((u32)regs_get_pc(regs));

	if (!s)
		return -ENOENT;
	site_missed(s);
	site_resume(s, regs);
	return 0;
}

static __noprobe void early_missed(unsigned long addr)
{
	struct early_site *s = site_find((u32)addr);

	if (s)
		site_missed(s);
}

/* The probe machinery ran into the early breakpoint at @pc: the original
 * instruction goes back for good (the core reports it). */
static __noprobe int early_disarm(unsigned long pc)
{
	struct early_site *s = site_find((u32)pc);

	if (!s)
		return -ENOENT;
	arch_restore_text_now(pc, s->saved, sizeof(s->saved));
	for (u16 i = s->first; i; i = early_recs[i - 1].next_on_site)
		early_recs[i - 1].flags |= EV_DISABLED;
	return 0;
}

/* With this CPU still marked busy by the faulting record's hit: probe hits
 * in printk count as missed (a boundary for scripts/noprobe_check). */
static __noinline void report_record_fault(const struct early_event *ev, const char *what,
				    struct pt_regs *fault_regs)
{
	printk("ekprobes: error: %s in the handler of early probe %u (%.*s); probe disabled\n",
	       what, (unsigned int)(ev - early_recs + 1), (int)ev->len, ev->text);
	arch_show_regs(fault_regs);
}
NOPROBE_BOUNDARY(report_record_fault);

/* A handler of an early record faulted: that record is disabled. With
 * @resume (@frame is the early trap's) the instruction is executed here;
 * otherwise the core does (a bridge on a normal site). */
static __noprobe bool early_fault(struct pt_regs *frame,
						   struct pt_regs *fault_regs, const char *what,
						   bool resume)
{
	struct early_event *ev = *this_cpu_ptr(&hit_rec);
	struct early_site *s;

	if (!ev)
		return false;
	*this_cpu_ptr(&hit_rec) = NULL;
	report_record_fault(ev, what, fault_regs);
	ev->flags |= EV_DISABLED;
	s = &early_sites[ev->site];
	if (resume && regs_get_pc(frame) == s->addr)
		site_resume(s, frame);
	return true;
}

/*
 * ftrace met a call site that holds an early breakpoint (ftrace_init()
 * expected its call, the tracer the NOP or its call). The breakpoint
 * stands for whatever ftrace wants: the saved instruction is the NOP
 * already (get_site()), and a hit records the tracer's entry when the
 * record says the site is traced (site_resume()). Claimed while a record
 * here is still early; after the handover the normal site answers.
 */
static int early_ftrace_fix(unsigned long site, enum ftrace_insn want)
{
	struct early_site *s = site_find((u32)site);

	(void)want;
	if (!s || !(s->slot & SLOT_FTRACE))
		return -ENOENT;
	for (u16 i = s->first; i; i = early_recs[i - 1].next_on_site)
		if (!(early_recs[i - 1].flags & EV_CONVERTED))
			return 0;
	return -ENOENT;
}

static bool early_orig_insn(unsigned long addr, u8 *saved, size_t len)
{
	struct early_site *s = site_find((u32)addr);

	if (s)
		memcpy(saved, s->saved, MIN(len, sizeof(s->saved)));
	return s != NULL;
}
