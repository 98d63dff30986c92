/*
 * Jump-optimized probes on x86: the detour (optprobe_template.S) copied
 * into a full slot. Only whole instructions that behave the same anywhere
 * are copied (x86_kp_opt_span()), so they need no fixup; the jmp back
 * continues after them.
 */
#include <ek/arch.h>
#include <ek/insn_slots.h>
#include <ek/kprobes.h>
#include <ek/noprobe.h>
#include <ek/string.h>
#include "kprobes.h"

extern const u8 optprobe_template[], optprobe_template_ip[], optprobe_template_cur[],
	optprobe_template_entry[], optprobe_template_call[], optprobe_template_copy[],
	optprobe_template_full[], optprobe_template_entry2[], optprobe_template_missed[],
	optprobe_template_end[];

#define OFF(l) ((size_t)(optprobe_template_##l - optprobe_template))
#define TEMPLATE_LEN OFF(end)

_Static_assert(INSN_SLOT_SIZE >= 128, "a detour fits a full slot");

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

/* A rel32 call or jmp at @off of the template, as it reads at @slot. */
static void relocate(u8 *code, const u8 *slot, size_t off)
{
	u32 rel;

	memcpy(&rel, code + off + 1, 4);
	put32(code + off + 1, rel + (u32)(optprobe_template - slot));
}

/* The words naming the entry and its handler. */
static void fill_entry(u8 *code, const u8 *slot, const struct kprobe *entry)
{
	unsigned long call = (unsigned long)slot + OFF(call);

	put32(code + OFF(cur) + 6, (u32)(uintptr_t)entry);
	put32(code + OFF(entry) + 1, (u32)(uintptr_t)entry);
	put32(code + OFF(entry2) + 1, (u32)(uintptr_t)entry);
	put32(code + OFF(call) + 1,
	      (u32)((unsigned long)(uintptr_t)entry->pre_handler - (call + 5)));
}

bool x86_kp_prepare_detour(struct arch_kprobe *ap)
{
	u8 code[INSN_SLOT_SIZE];
	u8 *slot = insn_slot_alloc();

	if (!slot || TEMPLATE_LEN > sizeof(code) ||
	    OFF(full) - OFF(copy) < (size_t)ap->span + JMP_REL32_LEN) {
		if (slot)
			insn_slot_free(slot);
		return false; /* stays a trap probe */
	}
	memcpy(code, optprobe_template, TEMPLATE_LEN);
	put32(code + OFF(ip) + 1, (u32)(uintptr_t)ap->addr);
	fill_entry(code, slot, ap->entry);
	relocate(code, slot, OFF(full));
	relocate(code, slot, OFF(missed));
	memcpy(code + OFF(copy), ap->orig, ap->span);
	x86_jmp_rel32(code + OFF(copy) + ap->span, (unsigned long)slot + OFF(copy) + ap->span,
		      (unsigned long)ap->addr + ap->span);
	if (insn_slot_write(slot, code, TEMPLATE_LEN)) {
		insn_slot_free(slot);
		return false;
	}
	ap->detour = slot;
	return true;
}

/*
 * Another entry for a live detour (interrupts masked by the core's
 * callers): the immediates and the call change, each a 4-byte store; a hit
 * whose handler runs now returns past them.
 */
bool x86_kp_detour_set_entry(struct arch_kprobe *ap, struct kprobe *entry)
{
	u8 code[INSN_SLOT_SIZE];

	memcpy(code, ap->detour, TEMPLATE_LEN);
	fill_entry(code, ap->detour, entry);
	return !insn_slot_write(ap->detour + OFF(ip), code + OFF(ip), OFF(copy) - OFF(ip)) &&
	       !insn_slot_write(ap->detour + OFF(entry2), code + OFF(entry2), 5);
}

unsigned long x86_kp_detour_copy(const struct arch_kprobe *ap, unsigned long off)
{
	return (unsigned long)ap->detour + OFF(copy) + off;
}
