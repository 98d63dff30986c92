/*
 * kprobes core. One site per probed address holds the arch state and the
 * list of probes sharing its breakpoint; a small hash table finds the site
 * from the trapping PC. A probe hit while another probe's handlers run on
 * this CPU (a handler calling a probed function) is counted in nmissed and
 * single-stepped without handlers, so it can neither recurse nor hang.
 *
 * Lifetimes: a site, its arch state and its slots are freed only after
 * quiescence (include/ek/quiesce.h), so a handler may unregister its own
 * probe and the trap or detour that called it still returns through them.
 * A handler that faults is unwound to its hit's frame and its probe is
 * disabled (kprobe_handler_fault()).
 *
 * Several CPUs: hits take no lock. Registration, the global switches and
 * everything that changes a site (its probes, entry, arming) hold
 * kprobe_lock; they publish with a barrier before the store that makes
 * a new site or probe reachable, and what they unlink is freed after a
 * grace period (sites) or may be freed by the caller once unregistering
 * returned (probes: it waits for one). The busy mark and the hit's frame
 * are per CPU (struct kprobe_cpu); misses are counted atomically.
 *
 * This whole file is outside the probe-able text (see the linker script):
 * the trap path must not hit its own breakpoints.
 */
#include <ek/arch.h>
#include <ek/errno.h>
#include <ek/ftrace.h>
#include <ek/insn_slots.h>
#include <ek/kallsyms.h>
#include <ek/kprobes.h>
#include <ek/mm.h>
#include <ek/noprobe.h>
#include <ek/printk.h>
#include <ek/quiesce.h>
#include <ek/sections.h>
#include <ek/spinlock.h>
#include <ek/string.h>

#define SITE_HASH_BITS 6
#define SITE_HASH_SIZE (1u << SITE_HASH_BITS)

struct kprobe_site {
	unsigned long addr;
	struct arch_kprobe *arch;
	/* What a hit calls: the site's only enabled probe when it has a pre
	 * handler, no post handler and the instruction no condition (its
	 * handler is called straight from the trap or the detour), else
	 * &dispatch, whose handler site_dispatch() does the general case. */
	struct kprobe *entry;
	struct kprobe dispatch;
	struct kprobe *probes;
	struct kprobe_site *hnext;
	struct quiesce_head free_after;
	bool armed;
	bool has_post; /* an enabled probe has a post handler */
	bool ftrace;   /* on a function tracer's call site (a detour, never a trap) */
};

static struct kprobe_site *site_hash[SITE_HASH_SIZE];
static const struct kprobe_early_ops *early_ops;
DEFINE_PER_CPU(struct kprobe_cpu, kprobe_cpu);
/* Writers of sites and the switches; recursive: a handler hit inside the
 * core's own calls (kzalloc) may unregister its probe, and a fault in a
 * handler disables its probe, on the CPU that holds it. */
static struct rspinlock kprobe_lock = RSPINLOCK_INIT;
static unsigned long trap_retries;
static bool globally_enabled = true;
static bool optimization = true;
/* kprobe_cpu.current while the trap path itself runs for a nested hit
 * (counting it as missed): a trap seen in that state is the probe
 * machinery hitting its own breakpoint, which the blacklist should have
 * refused; it is disarmed instead of recursing. */
static struct kprobe machinery;
/* kprobe_cpu.current while early events (before the handover) run. */
static struct kprobe early_busy;

/* Fibonacci hashing of the address itself (as Linux's hash_32()): the
 * multiply mixes its low bits up, aligned (ARM) or not (x86). */
static unsigned int hash_addr(unsigned long addr)
{
	return (unsigned int)(addr * 0x9e3779b1u) >> (32 - SITE_HASH_BITS);
}

/* Lock-free (hits): sites are published whole and freed after a grace
 * period. */
static struct kprobe_site *site_lookup(unsigned long addr)
{
	for (struct kprobe_site *s = READ_ONCE(site_hash[hash_addr(addr)]); s;
	     s = READ_ONCE(s->hnext))
		if (s->addr == addr)
			return s;
	return NULL;
}

static int site_dispatch(struct kprobe *kp, struct pt_regs *regs);

/* Sites come from kzalloc only: probes registered before the allocator
 * are early events, which keep compact records of their own. */
static struct kprobe_site *site_alloc(void)
{
	struct kprobe_site *s = kzalloc(sizeof(struct kprobe_site));

	if (s) {
		s->dispatch.pre_handler = site_dispatch;
		s->dispatch.site = s;
		s->entry = &s->dispatch;
	}
	return s;
}

static void site_free(struct kprobe_site *s)
{
	kfree(s);
}

static void site_release(struct quiesce_head *h)
{
	struct kprobe_site *s = container_of(h, struct kprobe_site, free_after);

	arch_remove_kprobe(s->arch);
	site_free(s);
}

void kprobes_set_early_ops(const struct kprobe_early_ops *ops)
{
	early_ops = ops;
}

bool kprobe_early_orig_insn(unsigned long addr, u8 *saved, size_t len)
{
	return early_ops && early_ops->orig_insn(addr, saved, len);
}

static int ftrace_fix(u32 i, unsigned long site, enum ftrace_insn want);
static struct ftrace_fixer fixer = { .fix = ftrace_fix };

void kprobes_init(void)
{
	kretprobes_init();
	arch_kprobes_init();
	ftrace_register_fixer(&fixer);
}

bool kprobes_enabled(void)
{
	return globally_enabled;
}

static bool site_wants_arming(const struct kprobe_site *s)
{
	if (!globally_enabled)
		return false;
	for (const struct kprobe *p = s->probes; p; p = p->next_on_site)
		if (!kprobe_disabled(p))
			return true;
	return false;
}

/* Recompute what a hit calls after any change to @s's probes (callers
 * mask interrupts: a hit never sees the two halves disagree). */
static void site_update_entry(struct kprobe_site *s)
{
	struct kprobe *only = NULL, *entry;
	unsigned int enabled = 0;

	s->has_post = false;
	for (struct kprobe *p = s->probes; p; p = p->next_on_site) {
		if (kprobe_disabled(p))
			continue;
		enabled++;
		only = p;
		s->has_post |= p->post_handler != NULL;
	}
	entry = enabled == 1 && only->pre_handler && !s->has_post &&
				!arch_kprobe_may_skip(s->arch) ? only : &s->dispatch;
	if (entry != s->entry && !arch_kprobe_set_entry(s->arch, entry)) {
		/* The detour cannot call that handler directly: dispatch. */
		entry = &s->dispatch;
		arch_kprobe_set_entry(s->arch, entry);
	}
	s->entry = entry;
}

/* The address of a site being registered, before it is in the table:
 * already an obstacle for optimizing the sites around it. */
static unsigned long pending_addr;

/*
 * Whether @s's jump would cover another probed address: a normal site,
 * one being registered or an early breakpoint inside the bytes it
 * replaces past the first. Such a site stays a trap probe (the jump
 * would overwrite the other breakpoint, and a trap landing in the middle
 * of the jump would run garbage). On ARM the span is one aligned
 * instruction, so nothing is ever inside it.
 */
static bool opt_blocked(const struct kprobe_site *s)
{
	size_t span = arch_kprobe_opt_span(s->arch);
	u8 b;

	for (size_t i = 1; i < span; i++) {
		unsigned long a = s->addr + i;

		if (a == pending_addr || site_lookup(a) || kprobe_early_orig_insn(a, &b, 1))
			return true;
	}
	return false;
}

/*
 * Arm or disarm @s to match its probes and the global switches. Switching
 * between breakpoint and detour rewrites the one instruction in place, so
 * an armed probe is never disarmed on the way.
 */
static void site_update(struct kprobe_site *s)
{
	bool want = site_wants_arming(s);
	/* An ftrace site branches to its detour whatever the optimization
	 * switch says: that is the ftrace-based probe (no trap). */
	bool optimize = (optimization || s->ftrace) && !opt_blocked(s);

	site_update_entry(s);
	if (!want && s->armed) {
		arch_disarm_kprobe(s->arch);
		s->armed = false;
	} else if (want && (!s->armed || arch_kprobe_optimized(s->arch) != optimize)) {
		arch_arm_kprobe(s->arch, optimize);
		s->armed = true;
	}
	for (struct kprobe *p = s->probes; p; p = p->next_on_site) {
		if (s->armed && arch_kprobe_optimized(s->arch) && !s->ftrace)
			p->flags |= KPROBE_FLAG_OPTIMIZED;
		else
			p->flags &= ~KPROBE_FLAG_OPTIMIZED;
	}
}

/* Sites other than @except whose optimized span covers @addr past its
 * first byte: re-armed when a probe comes or goes there. */
static void update_covering(unsigned long addr, const struct kprobe_site *except)
{
	for (unsigned int i = 0; i < SITE_HASH_SIZE; i++)
		for (struct kprobe_site *s = site_hash[i]; s; s = s->hnext)
			if (s != except && s->addr < addr &&
			    addr < s->addr + arch_kprobe_opt_span(s->arch))
				site_update(s);
}

static void update_all_sites(void)
{
	for (unsigned int i = 0; i < SITE_HASH_SIZE; i++)
		for (struct kprobe_site *s = site_hash[i]; s; s = s->hnext)
			site_update(s);
}

/* Dynamic slots: 4096 small ones (instruction copies) and 1536 full ones
 * (detours). */
#define EXEC_SMALL_AREA_SIZE (4096 * INSN_SMALL_SLOT_SIZE)
#define EXEC_AREA_SIZE (EXEC_SMALL_AREA_SIZE + 1536 * INSN_SLOT_SIZE)

void kprobes_handover(void)
{
	char *area = arch_alloc_exec(EXEC_AREA_SIZE);
	unsigned int sites = 0, optimized = 0, early = 0;

	if (!area ||
	    insn_slots_add_area(area, EXEC_SMALL_AREA_SIZE, INSN_SMALL_SLOT_SIZE) ||
	    insn_slots_add_area(area + EXEC_SMALL_AREA_SIZE, EXEC_AREA_SIZE - EXEC_SMALL_AREA_SIZE,
				INSN_SLOT_SIZE))
		printk("kprobes: no dynamic slot area; probes keep using static slots\n");
	/* Early events become normal probes on normal sites (early_events.c
	 * says how no hit is lost); sites exist only from here on. */
	if (early_ops)
		early_ops->handover();
	for (unsigned int i = 0; i < SITE_HASH_SIZE; i++) {
		for (struct kprobe_site *s = site_hash[i]; s; s = s->hnext) {
			sites++;
			optimized += s->armed && arch_kprobe_optimized(s->arch);
			for (struct kprobe *p = s->probes; p; p = p->next_on_site)
				early += kprobe_is_early(p);
		}
	}
	printk("kprobes: %u early probe site(s) handed over, %u optimized%s\n", sites, optimized,
	       early ? ", some early events stay early" : "");
}

int kprobes_set_optimization(bool on)
{
	unsigned long flags = rspin_lock_irqsave(&kprobe_lock);

	optimization = on;
	update_all_sites();
	rspin_unlock_irqrestore(&kprobe_lock, flags);
	return 0;
}

bool kprobes_optimization(void)
{
	return optimization;
}

int kprobe_check_blacklist(unsigned long addr, const char **why)
{
	if (addr >= (unsigned long)__noprobe_text_start &&
	    addr < (unsigned long)__noprobe_text_end) {
		*why = "address is in the probe machinery or exception entry (blacklisted)";
		return -EPERM;
	}
	if (!addr_in_text(addr)) {
		*why = "address is not in kernel text";
		return -EINVAL;
	}
	return arch_kprobe_blacklisted(addr, why);
}

int kprobe_check_addr(unsigned long addr, const char **why)
{
	unsigned long off;
	const char *name;
	int ret;

	if (!kallsyms_lookup(addr, &name, &off, NULL)) {
		*why = "address is not inside any kernel function";
		return -EINVAL;
	}
	ret = kprobe_check_blacklist(addr, why);
	return ret ? ret : arch_kprobe_check_insn(addr, why);
}

unsigned long kprobe_entry_addr(unsigned long addr)
{
	unsigned long site = ftrace_location(addr);

	return site ? site : addr;
}

static int resolve_addr(struct kprobe *p, unsigned long *addr, const char **why)
{
	unsigned long a = (unsigned long)p->addr, size;

	if (p->symbol_name) {
		a = kallsyms_lookup_name(p->symbol_name);
		if (!a) {
			*why = "unknown symbol";
			return -ENOENT;
		}
		if (!kallsyms_lookup(a, NULL, NULL, &size) || p->offset >= size) {
			*why = "offset beyond the end of the function";
			return -EINVAL;
		}
		/* Registration stores the resolved address in p->addr, so a
		 * probe registered again carries both: they must agree. */
		/* The entry of a traced function is its call site. */
		*addr = kprobe_entry_addr(a + p->offset);
		if (p->addr && (unsigned long)p->addr != *addr) {
			*why = "address and symbol+offset name different places";
			return -EINVAL;
		}
		return 0;
	}
	*addr = kprobe_entry_addr(a + p->offset);
	return 0;
}

static int register_one(struct kprobe *p, const char **why)
{
	unsigned long addr, flags;
	struct kprobe_site *s;
	int ret, site_index;

	ret = resolve_addr(p, &addr, why);
	if (ret)
		return ret;
	ret = kprobe_check_addr(addr, why);
	if (ret)
		return ret;
	site_index = ftrace_site_index(addr);
	if (site_index >= 0 && !ftrace_site_ready((u32)site_index)) {
		*why = "the function tracer could not take over this call site";
		return -EBUSY;
	}
	flags = rspin_lock_irqsave(&kprobe_lock);
	s = site_lookup(addr);
	for (struct kprobe *q = s ? s->probes : NULL; q; q = q->next_on_site) {
		if (q == p) {
			rspin_unlock_irqrestore(&kprobe_lock, flags);
			*why = "probe already registered";
			return -EBUSY;
		}
	}
	if (!s) {
		s = site_alloc();
		if (!s) {
			rspin_unlock_irqrestore(&kprobe_lock, flags);
			*why = "no memory for another probed address";
			return -ENOMEM;
		}
		s->addr = addr;
		s->ftrace = site_index >= 0;
		/* A jump covering @addr goes back to a breakpoint first: the
		 * new probe decodes, and later patches, the original bytes. */
		pending_addr = addr;
		update_covering(addr, NULL);
		ret = arch_prepare_kprobe(addr, s->entry, &s->arch, why);
		pending_addr = 0;
		if (ret) {
			site_free(s);
			update_covering(addr, NULL);
			rspin_unlock_irqrestore(&kprobe_lock, flags);
			return ret;
		}
		s->hnext = site_hash[hash_addr(addr)];
		arch_smp_mb(); /* the site whole before a trap can find it */
		WRITE_ONCE(site_hash[hash_addr(addr)], s);
	}
	/* Keep where the probe sits; an address probe's offset is folded in so
	 * that registering the same struct again lands on the same place. */
	p->addr = (void *)addr;
	if (!p->symbol_name)
		p->offset = 0;
	p->nmissed = 0;
	p->site = s;
	p->flags &= ~KPROBE_FLAG_GONE;
	if (s->ftrace)
		p->flags |= KPROBE_FLAG_FTRACE;
	else
		p->flags &= ~KPROBE_FLAG_FTRACE;
	p->next_on_site = s->probes;
	arch_smp_mb(); /* the probe whole before a dispatch can walk to it */
	WRITE_ONCE(s->probes, p);
	site_update(s);
	rspin_unlock_irqrestore(&kprobe_lock, flags);
	return 0;
}

int register_kprobe_why(struct kprobe *p, const char **why)
{
	*why = "";
	return register_one(p, why);
}

int register_kprobe(struct kprobe *p)
{
	const char *why;
	int ret = register_kprobe_why(p, &why);
	char sym[KSYM_NAME_LEN + 32];

	if (ret) {
		if (p->symbol_name)
			ksnprintf(sym, sizeof(sym), "%s+0x%lx", p->symbol_name, p->offset);
		else
			kallsyms_snprint_symbol(sym, sizeof(sym), (unsigned long)p->addr, false);
		printk("kprobes: cannot probe %s: %s\n", sym, why);
	}
	return ret;
}

/* Unlink @p; the caller waits for a grace period before @p is reused. */
static void unregister_one(struct kprobe *p)
{
	struct kprobe_site *s;
	unsigned long flags;

	flags = rspin_lock_irqsave(&kprobe_lock);
	s = p->site;
	if (!s) {
		rspin_unlock_irqrestore(&kprobe_lock, flags);
		return;
	}
	for (struct kprobe **pp = &s->probes; *pp; pp = &(*pp)->next_on_site) {
		if (*pp == p) {
			WRITE_ONCE(*pp, p->next_on_site);
			break;
		}
	}
	/* p->next_on_site is left as it is: a dispatch running the handlers
	 * of this site (the handler unregistering its own probe) goes on to
	 * the probes after it. */
	p->site = NULL;
	site_update(s);
	if (!s->probes) {
		struct kprobe_site **hp = &site_hash[hash_addr(s->addr)];

		while (*hp != s)
			hp = &(*hp)->hnext;
		WRITE_ONCE(*hp, s->hnext);
		/* A site it kept from optimizing may optimize now. */
		update_covering(s->addr, s);
		/* The trap or detour of a hit in progress may still return
		 * through the site, its slot or its detour. */
		call_after_quiescence(&s->free_after, site_release);
	}
	rspin_unlock_irqrestore(&kprobe_lock, flags);
}

void unregister_kprobe(struct kprobe *p)
{
	unregister_one(p);
	/* Another CPU may be in @p's handlers or walking past it. */
	quiesce_sync();
}

int register_kprobes(struct kprobe **kps, int num)
{
	for (int i = 0; i < num; i++) {
		int ret = register_kprobe(kps[i]);

		if (ret) {
			unregister_kprobes(kps, i);
			return ret;
		}
	}
	return 0;
}

void unregister_kprobes(struct kprobe **kps, int num)
{
	for (int i = 0; i < num; i++)
		unregister_one(kps[i]);
	quiesce_sync();
}

int kprobe_set_pre_handler(struct kprobe *p, kprobe_pre_handler_t handler)
{
	unsigned long flags = rspin_lock_irqsave(&kprobe_lock);
	struct kprobe_site *s = p->site;

	p->pre_handler = handler;
	if (s) {
		s->entry = NULL; /* the call may be to the old handler: redo it */
		site_update(s);
	}
	rspin_unlock_irqrestore(&kprobe_lock, flags);
	return 0;
}

static int set_disabled(struct kprobe *p, bool disabled)
{
	unsigned long flags;

	flags = rspin_lock_irqsave(&kprobe_lock);
	if (!p->site) {
		rspin_unlock_irqrestore(&kprobe_lock, flags);
		return -EINVAL;
	}
	if (disabled)
		p->flags |= KPROBE_FLAG_DISABLED;
	else
		p->flags &= ~KPROBE_FLAG_DISABLED;
	site_update(p->site);
	rspin_unlock_irqrestore(&kprobe_lock, flags);
	return 0;
}

int enable_kprobe(struct kprobe *p)
{
	return set_disabled(p, false);
}

int disable_kprobe(struct kprobe *p)
{
	return set_disabled(p, true);
}

int kprobes_set_enabled(bool on)
{
	unsigned long flags = rspin_lock_irqsave(&kprobe_lock);

	globally_enabled = on;
	update_all_sites();
	rspin_unlock_irqrestore(&kprobe_lock, flags);
	printk("kprobes: globally %s\n", on ? "enabled" : "disabled");
	return 0;
}

static void run_post_handlers(struct kprobe_site *s, struct pt_regs *regs)
{
	struct kprobe_cpu *kc = this_kprobe_cpu();

	for (struct kprobe *p = READ_ONCE(s->probes); p; p = READ_ONCE(p->next_on_site)) {
		if (kprobe_disabled(p) || !p->post_handler)
			continue;
		kc->current = p;
		p->post_handler(p, regs, 0);
	}
}

static void single_step(struct kprobe_site *s, struct pt_regs *regs)
{
	if (!arch_kprobe_single_step(s->arch, regs))
		this_kprobe_cpu()->stepping = true;
}

int kprobe_step_done(struct pt_regs *regs)
{
	struct kprobe_cpu *kc = this_kprobe_cpu();
	struct kprobe_site *s = kc->step_post;

	if (!kc->stepping)
		return -ENOENT;
	kc->stepping = false;
	kc->step_post = NULL;
	if (s) {
		/* As the synchronous path runs them: this CPU busy, a fault
		 * in one unwound to @regs (the step is behind it). */
		kc->frame = regs;
		run_post_handlers(s, regs);
		kc->current = NULL;
	}
	return 0;
}
NOPROBE_ROOT(kprobe_step_done); /* called by the arch's step trap */

/*
 * The general case, called as &s->dispatch's pre handler: several probes,
 * post handlers, conditional instructions. The caller (trap or detour)
 * has set kprobe_cpu.current to &s->dispatch; each handler runs with its own
 * probe as kprobe_cpu.current, as it would alone.
 */
static int site_dispatch(struct kprobe *kp, struct pt_regs *regs)
{
	struct kprobe_site *s = container_of(kp, struct kprobe_site, dispatch);
	struct kprobe_cpu *kc = this_kprobe_cpu();
	int ret = 0;

	/* The one condition check: a failed condition runs no handler, and
	 * the instruction itself (native or emulated) then does nothing. */
	if (arch_kprobe_may_skip(s->arch) && !arch_kprobe_would_run(s->arch, regs))
		return 0;
	for (struct kprobe *p = READ_ONCE(s->probes); p; p = READ_ONCE(p->next_on_site)) {
		kprobe_pre_handler_t pre = READ_ONCE(p->pre_handler);

		if (kprobe_disabled(p) || !pre)
			continue;
		kc->current = p;
		if (pre(p, regs)) {
			ret = 1; /* the handler redirected execution */
			goto out;
		}
	}
	if (!s->has_post)
		goto out;
	ret = 1;
	if (!arch_kprobe_single_step(s->arch, regs)) {
		/* The step finishes after the trap or detour returns: the
		 * post handlers run from kprobe_step_done() then. */
		kc->stepping = true;
		kc->step_post = s;
		goto out;
	}
	run_post_handlers(s, regs);
out:
	kc->current = kp;
	return ret;
}

/* An early probe (the bridge early_events.c keeps on a site) counts its
 * misses on the early records it stands for. */
static void count_missed(struct kprobe *p)
{
	if (kprobe_is_early(p) && early_ops)
		early_ops->missed((unsigned long)p->addr);
	else
		kprobe_count(&p->nmissed);
}

int kprobe_missed_hit(struct kprobe *kp, struct pt_regs *regs)
{
	(void)regs;
	if (kp->pre_handler == site_dispatch) {
		struct kprobe_site *s = container_of(kp, struct kprobe_site, dispatch);

		for (struct kprobe *p = READ_ONCE(s->probes); p; p = READ_ONCE(p->next_on_site))
			if (!kprobe_disabled(p))
				count_missed(p);
	} else {
		count_missed(kp);
	}
	return 0;
}
NOPROBE_ROOT(kprobe_missed_hit); /* called by the detours too */

struct arch_kprobe *kprobe_arch_at(unsigned long addr)
{
	struct kprobe_site *s = site_lookup(addr);

	return s ? s->arch : NULL;
}

/* Busy, but not the machinery: hits in printk below count as missed. */
static struct kprobe reporting;

static __noinline void report_recursion(unsigned long pc)
{
	printk("kprobes: error: probe at %pS hit inside the probe machinery; disarmed\n",
	       (void *)pc);
}
/* Runs with this CPU marked busy (&reporting): a hit in it is a miss. */
NOPROBE_BOUNDARY(report_recursion);

/*
 * A breakpoint hit while this CPU is already busy: a handler ran into a
 * probe (counted as missed, the instruction executed without handlers),
 * or, when the busy mark is &machinery, the trap path itself ran into one.
 * That is a hole in the blacklist; rather than recurse until the stack
 * overflows, the breakpoint is removed for good and reported once.
 */
static __noinline int trap_nested(struct pt_regs *regs, unsigned long pc, struct kprobe *prev)
{
	struct kprobe_cpu *kc = this_kprobe_cpu();
	struct kprobe_site *s;
	int ret = 0;

	if (prev == &machinery) {
		s = site_lookup(pc);
		kc->current = &reporting;
		report_recursion(pc);
		kc->current = prev;
		if (s) {
			/* Without patch_text() (the machinery may be inside
			 * it) and so without a rendezvous: another CPU may
			 * still trap on the old word; it finds the breakpoint
			 * gone and runs the instruction again
			 * (kprobe_trap_gone()). */
			arch_disarm_kprobe_now(s->arch);
			s->armed = false;
			for (struct kprobe *p = s->probes; p; p = p->next_on_site)
				p->flags |= KPROBE_FLAG_DISABLED;
		} else if (!early_ops || early_ops->disarm(pc)) {
			return -ENOENT;
		}
		return 0; /* the original instruction runs again */
	}
	kc->current = &machinery;
	s = site_lookup(pc);
	if (s) {
		kprobe_missed_hit(READ_ONCE(s->entry), regs);
		arch_kprobe_resume(s->arch, regs);
	} else {
		ret = early_ops ? early_ops->missed_trap(regs) : -ENOENT;
	}
	kc->current = prev;
	return ret;
}

/* A breakpoint with no normal site: before the handover, an early one. */
static __noinline int trap_early(struct kprobe_cpu *kc, struct pt_regs *regs)
{
	int ret;

	if (!early_ops)
		return -ENOENT;
	kc->current = &early_busy;
	kc->frame = regs;
	ret = early_ops->trap(regs);
	kc->current = NULL;
	return ret;
}

int __probecall kprobe_handle_trap(struct pt_regs *regs, unsigned long pc)
{
	struct kprobe_cpu *kc = this_kprobe_cpu();
	struct kprobe *prev = kc->current;
	struct kprobe_site *s;
	struct kprobe *p;
	int ret;

	/* Busy first: nothing below runs for a nested hit but the count. */
	if (unlikely(prev))
		return trap_nested(regs, pc, prev);
	s = site_lookup(pc);
	if (unlikely(!s))
		return trap_early(kc, regs);
	p = READ_ONCE(s->entry);
	kc->current = p;
	kc->frame = regs;
	ret = p->pre_handler(p, regs);
	kc->current = NULL;
	/* @s stays valid even if a handler unregistered it: it is freed
	 * after quiescence only. The usual hit resumes (laid out inline). */
	if (likely(!ret))
		arch_kprobe_resume(s->arch, regs);
	return 0;
}
NOPROBE_ROOT(kprobe_handle_trap);

/*
 * An undefined-instruction trap at @pc where the word is no longer our
 * breakpoint: another CPU removed it between this CPU's fetch and the
 * trap handler's read (only a removal without the rendezvous can do that:
 * the machinery's last resort above; every other one waits for this CPU,
 * which traps with interrupts masked). When @pc is a probe address we
 * know, the trap returns and the instruction runs again, now the
 * original: true. Unknown addresses are real undefined instructions.
 */
bool kprobe_trap_gone(unsigned long pc)
{
	u8 b;

	if (!site_lookup(pc) && !kprobe_early_orig_insn(pc, &b, 1))
		return false;
	kprobe_count(&trap_retries);
	return true;
}
NOPROBE_ROOT(kprobe_trap_gone);

unsigned long kprobe_trap_retries(void)
{
	return READ_ONCE(trap_retries);
}
/*
 * A fault (data or prefetch abort, undefined instruction) that nothing
 * fixed up, taken while this CPU runs a probe's handler: the handler's
 * probe is disabled and reported once, and execution resumes as if the
 * handler had returned, from the hit's own frame (the handler's stack is
 * abandoned). False when the fault did not come from a handler.
 */
/* The report of a faulting handler: runs with this CPU still marked busy by
 * that handler's probe, so a probe hit in printk and the rest counts as
 * missed (a boundary for scripts/noprobe_check). */
static __noinline void report_fault(const struct kprobe *p, const char *what,
				    struct pt_regs *fault_regs)
{
	char sym[KSYM_NAME_LEN + 32];

	kallsyms_snprint_symbol(sym, sizeof(sym), (unsigned long)p->addr, false);
	printk("kprobes: error: %s in a handler of the probe at %s; probe disabled\n", what, sym);
	arch_show_regs(fault_regs);
}
NOPROBE_BOUNDARY(report_fault);

bool kprobe_handler_fault(struct pt_regs *fault_regs, const char *what)
{
	struct kprobe_cpu *kc = this_kprobe_cpu();
	struct kprobe *p = kc->current;
	struct pt_regs *frame = kc->frame;
	unsigned long flags;

	/* A fault while containing one (in_fault) is fatal. */
	if (!p || p == &machinery || !frame || kc->in_fault)
		return false;
	kc->in_fault = true;
	if (p == &early_busy || kprobe_is_early(p)) {
		/* An early record's handler: the record is disabled; the
		 * early trap's instruction is executed there, a bridge's
		 * below. */
		if (!early_ops || !early_ops->fault(frame, fault_regs, what, p == &early_busy)) {
			kc->in_fault = false;
			return false;
		}
		if (p != &early_busy && p->site && regs_get_pc(frame) == p->site->addr)
			single_step(p->site, frame);
	} else {
		struct kprobe_site *s;

		/* Once: a kretprobe's calls in flight may fault again. */
		if (!(p->flags & KPROBE_FLAG_DISABLED))
			report_fault(p, what, fault_regs);
		flags = rspin_lock_irqsave(&kprobe_lock);
		p->flags |= KPROBE_FLAG_DISABLED;
		s = p->site;
		if (s)
			site_update(s);
		rspin_unlock_irqrestore(&kprobe_lock, flags);
		/* Unless the fault came after the instruction ran (a post
		 * handler) or in a return handler (the frame is the kretprobe
		 * trampoline's), it still has to. The site stays valid: it is
		 * freed after this CPU's next quiescent point at the soonest. */
		if (s && regs_get_pc(frame) == s->addr)
			single_step(s, frame);
	}
	/* A return handler's frame returns where the call would have. */
	kretprobe_fault_fixup(frame);
	kc->current = NULL;
	kc->in_fault = false;
	arch_resume_frame(frame);
}

/*
 * ftrace met a site of ours: it holds our detour branch (or, a site
 * disarmed meanwhile, what we restored), not what its record says. What
 * the tracer wants from the site (its call, or the NOP) becomes the
 * detour's tail and what disarming restores; the record then changes as
 * if ftrace had written the site.
 */
static int ftrace_fix(u32 i, unsigned long site, enum ftrace_insn want)
{
	unsigned long flags = rspin_lock_irqsave(&kprobe_lock);
	struct kprobe_site *s = site_lookup(site);
	int ret;

	(void)i;
	if (s && s->ftrace)
		ret = arch_kprobe_ftrace_set(s->arch, want == FTRACE_INSN_CALL);
	else
		ret = early_ops && early_ops->ftrace_fix ? early_ops->ftrace_fix(site, want)
							 : -ENOENT;
	rspin_unlock_irqrestore(&kprobe_lock, flags);
	return ret;
}

/* Without the lock, as hits read: what another CPU unlinks meanwhile
 * stays valid until this CPU's next quiescent point. */
void kprobe_for_each(void (*fn)(struct kprobe *p, void *ctx), void *ctx)
{
	for (unsigned int i = 0; i < SITE_HASH_SIZE; i++)
		for (struct kprobe_site *s = READ_ONCE(site_hash[i]); s; s = READ_ONCE(s->hnext))
			for (struct kprobe *p = READ_ONCE(s->probes); p;
			     p = READ_ONCE(p->next_on_site))
				fn(p, ctx);
}
