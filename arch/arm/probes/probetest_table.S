/*
 * Test encodings for probetest (probetest.c), assembled from mnemonics so
 * the table reads as code and the assembler does the encoding. Each entry
 * is one instruction followed by "S flags, setups...": see probetest.h.
 * The instruction runs at offset PT_INSN of the scratch code, so branch
 * targets are written relative to it: .-12 is the "back" landing, .+4 the
 * fall-through, .+16 the "fwd" landing, .+28 the Thumb landing. Encodings
 * the assembler refuses (UNPREDICTABLE forms we must reject) use .inst.
 * Registers not set here hold edge values or random ones; r2 is usually
 * the base, pointing at the middle of a 1 KiB buffer.
 */
#include "probetest.h"

	.syntax unified
	.arm
	.arch_extension sec
	.arch_extension virt
	.arch_extension mp

	.macro	S flags=0, k0=0, v0=0, k1=0, v1=0, k2=0, v2=0, k3=0, v3=0
	.word	\flags, \k0, \v0, \k1, \v1, \k2, \v2, \k3, \v3
	.endm

#define C PT_ALLCOND
#define X PT_REJECT
#define BUF2 SETRB(2, 0)
#define SPBUF SETRB(13, 0)
#define B PT_LAND_BACK
#define N PT_LAND_NEXT
#define F PT_LAND_FWD
#define T (PT_LAND_THUMB + 1)

	.section .rodata.probetest, "a"
	.balign	4
	.globl	probetest_table
probetest_table:

/* ---- unconditional ---- */
	blx	.+28						; S
	pld	[r2, #4]					; S 0, BUF2
	pld	[r2, #-8]					; S 0, BUF2
	pldw	[r2, #16]					; S 0, BUF2
	pld	[pc, #8]					; S
	pld	[r2, r3]					; S 0, BUF2, SETR(3, 8)
	pld	[r2, -r3, lsl #2]				; S 0, BUF2
	pli	[r2, #4]					; S 0, BUF2
	pli	[r2, #-12]					; S 0, BUF2
	pli	[r2, r3]					; S 0, BUF2
	pli	[r2, -r3, lsl #1]				; S 0, BUF2
	dsb							; S
	dmb							; S
	dmb	ish						; S
	dsb	st						; S
	isb							; S
	clrex							; S X
	cpsid	i						; S X
	cpsie	if						; S X
	cps	#19						; S X
	setend	be						; S X
	srsdb	sp!, #19					; S X
	rfeia	sp!						; S X
	mcr2	p7, 0, r0, c1, c2, 3				; S X
	ldc2	p5, c1, [r0]					; S X
	.inst	0xf0000000					; S X
	.inst	0xf1100000					; S X

/* ---- hints and MSR (immediate) ---- */
	nop							; S C
	yield							; S
	wfe							; S X
	wfi							; S X
	sev							; S X
	dbg	#3						; S X
	.inst	0xe320f0f5					; S X
	msr	APSR_nzcvq, #0xf0000000				; S
	msr	APSR_nzcvq, #0					; S C
	msr	APSR_g, #0x000f0000				; S
	msr	APSR_nzcvqg, #0x50000000			; S
	msr	CPSR_c, #0xd3					; S X
	msr	CPSR_x, #0x01					; S X
	msr	SPSR_fc, #0x10					; S X

/* ---- miscellaneous ---- */
	mrs	r0, APSR					; S
	mrs	r5, CPSR					; S C
	mrs	lr, CPSR					; S
	.inst	0xe10ff000					; S X	/* mrs pc */
	msr	APSR_nzcvq, r3					; S
	msr	APSR_g, r4					; S
	msr	APSR_nzcvqg, r0					; S C
	msr	CPSR_c, r0					; S X
	msr	CPSR_fc, r1					; S X
	msr	SPSR_fc, r0					; S X
	mrs	r0, SPSR					; S X
	.inst	0xe12ef305					; S X	/* msr ELR_hyp, r5 */
	.inst	0xe10e0300					; S X	/* mrs r0, ELR_hyp */
	bx	r3						; S 0, SETRL(3, F)
	bx	r3						; S 0, SETRL(3, T)
	bx	lr						; S C, SETRL(14, B)
	bxj	r0						; S X
	blx	r3						; S C, SETRL(3, F)
	blx	lr						; S 0, SETRL(14, F)
	blx	r2						; S 0, SETRL(2, T)
	.inst	0xe12fff3f					; S X	/* blx pc */
	clz	r0, r1						; S
	clz	r3, r3						; S C
	clz	lr, sp						; S
	clz	r4, r0						; S 0, SETR(0, 0)
	.inst	0xe16fff11					; S X	/* clz pc, r1 */
	qadd	r0, r1, r2					; S C
	qsub	r3, r4, r5					; S
	qdadd	r6, r7, r8					; S
	qdsub	r9, r10, r11					; S
	qadd	r0, r0, r0					; S
	.inst	0xe160006e					; S X	/* eret */
	bkpt	#5						; S X
	hvc	#1						; S X
	smc	#0						; S X
	.inst	0xe1000070					; S X

/* ---- synchronization primitives ---- */
	ldrex	r0, [r2]					; S X
	strex	r1, r0, [r2]					; S X
	ldrexd	r0, r1, [r2]					; S X
	.inst	0xe1020091					; S X	/* swp r0, r1, [r2] */

/* ---- halfword multiplies ---- */
	smlabb	r0, r1, r2, r3					; S C
	smlabt	r4, r5, r6, r7					; S
	smlatb	r8, r9, r10, r11				; S
	smlatt	r12, r0, r1, r2					; S
	smlawb	r0, r1, r2, r3					; S
	smlawt	r4, r5, r6, r7					; S
	smulwb	r0, r1, r2					; S
	smulwt	r3, r4, r5					; S
	smlalbb	r0, r1, r2, r3					; S
	smlaltt	r4, r5, r6, r7					; S
	smlalbt	r8, r9, r10, r11				; S
	.inst	0xe1400382					; S X	/* smlalbb r0, r0, r2, r3 */
	smulbb	r0, r1, r2					; S
	smultb	r3, r4, r5					; S
	smulbt	r6, r7, r8					; S
	smultt	r9, r10, r11					; S

/* ---- multiplies ---- */
	mul	r0, r1, r2					; S
	muls	r3, r4, r5					; S C
	mul	r0, r0, r1					; S
	mul	lr, r12, sp					; S
	.inst	0xe00f0291					; S X	/* mul pc, r1, r2 */
	mla	r0, r1, r2, r3					; S
	mlas	r4, r5, r6, r7					; S
	umaal	r0, r1, r2, r3					; S
	mls	r0, r1, r2, r3					; S
	umull	r0, r1, r2, r3					; S
	smulls	r4, r5, r6, r7					; S C
	.inst	0xe0800392					; S X	/* umull r0, r0, r2, r3 */
	umlal	r0, r1, r2, r3					; S
	smlals	r4, r5, r6, r7					; S
	smlal	r8, r9, r10, r11				; S
	.inst	0xe0500091					; S X

/* ---- extra load/store ---- */
	ldrh	r0, [r2, r3]					; S 0, BUF2, SETR(3, 6)
	strh	r0, [r2, -r3]					; S 0, BUF2, SETR(3, 8)
	ldrh	r0, [r2, r3]!					; S 0, BUF2, SETR(3, 2)
	strh	r1, [r2], r3					; S 0, BUF2, SETR(3, 4)
	ldrh	r4, [r2], -r3					; S C, BUF2, SETR(3, 12)
	.inst	0xe19020bf					; S X, BUF2	/* ldrh r2, [r0, pc] */
	ldrht	r0, [r2], #2					; S X
	ldrh	r0, [r2, #6]					; S C, BUF2
	strh	r0, [r2, #-10]					; S 0, BUF2
	ldrh	r1, [r2, #2]!					; S 0, BUF2
	strh	r1, [r2], #-4					; S 0, BUF2
	ldrh	r0, [pc, #-4]					; S
	strh	r0, [sp, #-8]!					; S 0, SPBUF
	strh	r0, [sp, #-100]					; S X
	.inst	0xe1f220b2					; S X	/* ldrh r2, [r2, #2]! */
	ldrd	r0, r1, [r2, r3]				; S 0, BUF2, SETR(3, 8)
	ldrd	r4, r5, [r2, -r3]!				; S 0, BUF2, SETR(3, 16)
	ldrd	r6, r7, [r2], r3				; S 0, BUF2, SETR(3, 24)
	.inst	0xe18200d0					; S X	/* ldrd r0, r1, [r2, r0] */
	.inst	0xe18210d3					; S X	/* ldrd r1, r2, [r2, r3] */
	ldrd	r0, r1, [r2, #8]				; S C, BUF2
	ldrd	r4, r5, [r2, #-16]!				; S 0, BUF2
	ldrd	r6, r7, [r2], #8				; S 0, BUF2
	ldrd	r0, r1, [sp, #8]				; S 0, SPBUF
	ldrd	r0, r1, [pc, #-4]				; S
	ldrd	r12, r13, [r2]					; S 0, BUF2
	.inst	0xe1e2e0d8					; S X	/* ldrd lr, pc, [r2, #8]! */
	strd	r0, r1, [r2, r3]				; S 0, BUF2, SETR(3, 8)
	strd	r4, r5, [r2, -r3]!				; S 0, BUF2, SETR(3, 16)
	strd	r10, r11, [r2], r3				; S 0, BUF2, SETR(3, 24)
	strd	r0, r1, [sp, r3]				; S X
	strd	r0, r1, [r2, #8]				; S C, BUF2
	strd	r4, r5, [sp, #-16]!				; S 0, SPBUF
	strd	r6, r7, [r2], #-8				; S 0, BUF2
	strd	r0, r1, [sp, #-72]				; S X
	ldrsb	r0, [r2, r3]					; S 0, BUF2, SETR(3, 5)
	ldrsh	r1, [r2, -r3]!					; S 0, BUF2, SETR(3, 6)
	ldrsb	r4, [r2], r3					; S 0, BUF2, SETR(3, 7)
	ldrsh	r5, [r2, r3]					; S C, BUF2, SETR(3, 2)
	ldrsb	r0, [r2, #3]					; S 0, BUF2
	ldrsh	r1, [r2, #-6]!					; S 0, BUF2
	ldrsh	r4, [r2], #2					; S C, BUF2
	ldrsb	r5, [pc, #-3]					; S
	.inst	0xe1d2f0d0					; S X	/* ldrsb pc, [r2] */

/* ---- MOVW/MOVT ---- */
	movw	r0, #0x1234					; S
	movw	lr, #0xffff					; S
	movw	r3, #0x8000					; S C
	.inst	0xe300f000					; S X	/* movw pc, #0 */
	movt	r0, #0x1234					; S
	movt	r12, #0xffff					; S C

/* ---- data-processing (immediate) ---- */
	cmp	r0, #1						; S C
	cmn	r1, #255					; S
	tst	r2, #0x80000000					; S
	teq	r3, #0xff00					; S
	cmp	sp, #8						; S
	cmp	pc, #0						; S
	cmp	r0, #0						; S C, SETR(0, 0)
	mov	r0, #1						; S C
	movs	r1, #0x80000000					; S
	mvn	r2, #0						; S
	mvns	r3, #0xff					; S
	movs	r4, #0						; S
	mov	lr, #4						; S
	mov	sp, #0x100					; S
	.inst	0xe3b0f000					; S X	/* movs pc, #0 */
	add	r0, r1, #1					; S C
	adds	r2, r3, #0x80000000				; S
	sub	r4, r5, #255					; S
	subs	r6, r7, #1					; S C
	rsb	r8, r9, #0					; S
	rsbs	r10, r11, #0x10					; S
	adc	r12, lr, #1					; S C
	adcs	r0, r1, #0xff000000				; S
	sbc	r2, r3, #3					; S
	sbcs	r4, r5, #0					; S C
	rsc	r6, r7, #7					; S
	rscs	r8, r9, #0x3fc					; S
	and	r10, r11, #0xff					; S
	ands	r0, r1, #0xf000000f				; S
	orr	r2, r3, #0x10000				; S
	orrs	r4, r5, #0x80000000				; S
	eor	r6, r7, #0x55					; S
	eors	r8, r9, #0xc0000003				; S
	bic	r10, r11, #0xff00				; S
	bics	r12, lr, #1					; S
	add	r0, pc, #4					; S
	sub	r0, pc, #8					; S
	add	sp, sp, #16					; S
	sub	sp, sp, #256					; S
	add	pc, pc, #8					; S C
	sub	pc, pc, #4					; S
	sub	pc, pc, #20					; S
	add	pc, r3, #1					; S 0, SETRL(3, PT_LAND_THUMB)
	.inst	0xe25ef004					; S X	/* subs pc, lr, #4 */

/* ---- data-processing (register-shifted register) ---- */
	cmp	r0, r1, lsl r2					; S C
	cmn	r3, r4, lsr r5					; S
	tst	r6, r7, asr r8					; S
	teq	r9, r10, ror r11				; S
	cmp	r0, r1, lsl r2					; S 0, SETR(2, 32)
	.inst	0xe15f0211					; S X	/* cmp pc, r1, lsl r2 */
	lsl	r0, r1, r2					; S C
	lsls	r3, r4, r5					; S
	lsrs	r6, r7, r8					; S
	asrs	r9, r10, r11					; S
	rors	r12, r0, r1					; S
	mvn	r0, r1, lsl r2					; S
	mvns	r3, r4, ror r5					; S
	lsls	r0, r1, r2					; S 0, SETR(2, 33)
	.inst	0xe1a0f211					; S X	/* mov pc, r1, lsl r2 */
	add	r0, r1, r2, lsl r3				; S C
	adds	r4, r5, r6, lsr r7				; S
	subs	r8, r9, r10, asr r11				; S
	rsb	r12, lr, r0, ror r1				; S
	adcs	r0, r1, r2, lsl r3				; S
	sbc	r4, r5, r6, lsr r7				; S
	and	r8, r9, r10, asr r11				; S
	orrs	r0, r1, r2, ror r3				; S
	eors	r4, r5, r6, lsl r7				; S
	bics	r8, r9, r10, lsr r11				; S
	rscs	r0, r0, r0, lsl r0				; S
	.inst	0xe08f0312					; S X	/* add r0, pc, r2, lsl r3 */

/* ---- data-processing (register) ---- */
	cmp	r0, r1						; S C
	cmn	r2, r3, lsl #4					; S
	tst	r4, r5, lsr #1					; S
	teq	r6, r7, asr #31					; S
	cmp	r8, r9, ror #7					; S
	cmp	r10, r11, rrx					; S
	cmp	sp, lr						; S
	cmp	pc, r0						; S
	cmp	r0, r0						; S
	mov	r0, r1						; S C
	movs	r2, r3						; S
	lsl	r4, r5, #3					; S
	lsrs	r6, r7, #32					; S
	asrs	r8, r9, #1					; S C
	rors	r10, r11, #9					; S
	rrxs	r12, lr						; S C
	mvn	r0, r1						; S
	mvns	r2, r3, lsl #31					; S
	mov	r0, sp						; S
	mov	sp, r1						; S
	mov	r0, pc						; S
	mov	pc, lr						; S C, SETRL(14, F)
	mov	pc, r3						; S 0, SETRL(3, T)
	.inst	0xe1b0f00e					; S X	/* movs pc, lr */
	add	r0, r1, r2					; S C
	adds	r0, r1, r2, lsl #3				; S
	subs	r3, r4, r5, lsr #2				; S C
	rsbs	r6, r7, r8, asr #5				; S
	adc	r9, r10, r11					; S
	adcs	r12, lr, r0, rrx				; S
	sbcs	r1, r2, r3					; S
	rscs	r4, r5, r6					; S
	ands	r7, r8, r9, ror #16				; S
	orr	r10, r11, r12					; S
	eors	r0, r0, r0					; S
	bics	r1, r2, r3, lsl #1				; S
	add	r0, r0, r0					; S
	add	r0, pc, r1					; S
	add	r0, sp, r1					; S
	sub	sp, sp, r1					; S
	add	pc, pc, r3, lsl #2				; S 0, SETR(3, 2)
	sub	pc, lr, r3					; S 0, SETRL(14, PT_LAND_BACK + 16), SETR(3, 16)
	.inst	0xe09ff002					; S X	/* adds pc, pc, r2 */

/* ---- load/store word and byte ---- */
	ldr	r0, [pc, #-4]					; S
	ldr	r1, [pc, #8]					; S C
	ldr	r2, [pc, #-20]					; S
	ldr	lr, [pc, #4]					; S
	ldrt	r0, [r2], #4					; S X
	strbt	r0, [r2], #1					; S X
	ldr	r0, [r2, #4]					; S C, BUF2
	ldr	r0, [r2, #-4]!					; S 0, BUF2
	ldr	r1, [r2], #8					; S 0, BUF2
	str	r0, [r2, #12]					; S C, BUF2
	str	r3, [r2, #-8]!					; S 0, BUF2
	str	r4, [r2], #-4					; S 0, BUF2
	ldrb	r0, [r2, #3]					; S 0, BUF2
	strb	r1, [r2, #-1]!					; S 0, BUF2
	ldrb	r5, [r2], #1					; S 0, BUF2
	strb	r5, [r2, #255]					; S 0, BUF2
	str	r0, [sp, #-4]!					; S 0, SPBUF
	ldr	r0, [sp], #4					; S 0, SPBUF
	ldr	r0, [sp, #8]					; S 0, SPBUF
	str	lr, [sp, #-4]!					; S 0, SPBUF
	str	r0, [sp, #-64]					; S 0, SPBUF
	str	sp, [r2]					; S 0, BUF2
	ldr	pc, [sp], #4					; S C, SPBUF, SETML(0, F)
	ldr	pc, [r2, #4]					; S 0, BUF2, SETML(4, T)
	ldrb	r0, [pc, #-1]					; S
	.inst	0xe5b22004					; S X	/* ldr r2, [r2, #4]! */
	str	r0, [sp, #-68]					; S X
	.inst	0xe58f0004					; S X	/* str r0, [pc, #4] */
	.inst	0xe5d2f000					; S X	/* ldrb pc, [r2] */
	.inst	0xe582f000					; S X	/* str pc, [r2] */
	ldr	r0, [r2, r3]					; S C, BUF2, SETR(3, 8)
	ldr	r0, [r2, -r3, lsl #1]!				; S 0, BUF2, SETR(3, 8)
	ldr	r1, [r2], r3					; S 0, BUF2, SETR(3, 12)
	str	r0, [r2, r3, lsl #2]				; S 0, BUF2, SETR(3, 2)
	strb	r4, [r2, -r3]!					; S 0, BUF2, SETR(3, 3)
	ldrb	r5, [r2], r3, lsr #1				; S 0, BUF2, SETR(3, 6)
	ldr	r0, [r2, r3, asr #1]				; S 0, BUF2, SETR(3, -16)
	ldr	pc, [r2, r3]					; S 0, BUF2, SETR(3, 8), SETML(8, F)
	ldr	r0, [r2, -r3]					; S 0, BUF2, SETR(3, 32)
	str	r0, [sp, r3]					; S X
	.inst	0xe792000f					; S X	/* ldr r0, [r2, pc] */

/* ---- media ---- */
	sadd16	r0, r1, r2					; S C
	qadd8	r3, r4, r5					; S
	shsub16	r6, r7, r8					; S
	uadd8	r9, r10, r11					; S
	uqsub16	r0, r1, r2					; S
	uhasx	r3, r4, r5					; S
	ssax	r6, r7, r8					; S
	usub8	r9, r10, r11					; S
	sasx	r0, r1, r2					; S
	qsax	r3, r4, r5					; S
	uhadd8	r6, r7, r8					; S
	ssub8	r9, r10, r11					; S
	.inst	0xe6000f11					; S X
	.inst	0xe6100fb1					; S X
	pkhbt	r0, r1, r2, lsl #8				; S
	pkhtb	r3, r4, r5, asr #16				; S
	pkhbt	r6, r7, r8					; S
	sel	r0, r1, r2					; S C
	ssat16	r0, #8, r1					; S
	usat16	r2, #4, r3					; S
	sxtb	r0, r1						; S
	uxtb	r2, r3, ror #8					; S C
	sxth	r4, r5						; S
	uxth	r6, r7, ror #16					; S
	sxtab	r0, r1, r2					; S
	uxtab	r3, r4, r5, ror #24				; S
	sxtah	r6, r7, r8					; S
	uxtah	r9, r10, r11					; S
	sxtb16	r0, r1						; S
	uxtb16	r2, r3						; S
	sxtab16	r4, r5, r6					; S
	uxtab16	r7, r8, r9, ror #8				; S
	.inst	0xe6900070					; S X
	ssat	r0, #8, r1					; S
	usat	r2, #7, r3, lsl #4				; S
	ssat	r4, #32, r5, asr #3				; S
	usat	r6, #31, r7					; S C
	rev	r0, r1						; S C
	rev16	r2, r3						; S
	rbit	r4, r5						; S
	revsh	r6, r7						; S
	.inst	0xe6bfff31					; S X	/* rev pc, r1 */
	smlad	r0, r1, r2, r3					; S
	smladx	r4, r5, r6, r7					; S
	smlsd	r8, r9, r10, r11				; S
	smlsdx	r0, r1, r2, r3					; S
	smuad	r4, r5, r6					; S C
	smuadx	r7, r8, r9					; S
	smusd	r10, r11, r12					; S
	smusdx	r0, r1, r2					; S
	smlad	r0, r1, r2, r3					; S 0, SETR(1, 0x80008000), SETR(2, 0x80008000)
	smlald	r0, r1, r2, r3					; S
	smlaldx	r4, r5, r6, r7					; S
	smlsld	r8, r9, r10, r11				; S
	smlsldx	r0, r1, r2, r3					; S
	.inst	0xe7400312					; S X	/* smlald r0, r0, r2, r3 */
	smmla	r0, r1, r2, r3					; S
	smmlar	r4, r5, r6, r7					; S
	smmls	r8, r9, r10, r11				; S
	smmlsr	r0, r1, r2, r3					; S
	smmul	r4, r5, r6					; S
	smmulr	r7, r8, r9					; S
	.inst	0xe710f211					; S X	/* sdiv r0, r1, r2 */
	.inst	0xe730f211					; S X	/* udiv r0, r1, r2 */
	usad8	r0, r1, r2					; S
	usada8	r3, r4, r5, r6					; S
	sbfx	r0, r1, #3, #5					; S
	ubfx	r2, r3, #0, #32					; S C
	ubfx	r4, r5, #31, #1					; S
	sbfx	r6, r7, #8, #16					; S
	.inst	0xe7af0a51					; S X	/* sbfx lsb 20 width 16 */
	bfi	r0, r1, #4, #8					; S
	bfc	r2, #0, #16					; S C
	bfi	r3, r4, #0, #32					; S
	bfc	r5, #31, #1					; S
	.inst	0xe7c30411					; S X	/* bfi msb 3 lsb 8 */
	udf	#0						; S X
	.inst	0xe7f123f4					; S X
	.inst	0xe6800f30					; S X

/* ---- branch and block transfer ---- */
	b	.+16						; S C
	b	.-12						; S C
	b	.+4						; S
	bl	.+16						; S
	bl	.-12						; S C
	.inst	0xe8d08002					; S X	/* ldm r0, {r1, pc}^ */
	.inst	0xe8c00002					; S X	/* stmia r0, {r1}^ */
	push	{r0-r3}						; S 0, SPBUF
	push	{r4-r11, lr}					; S C, SPBUF
	push	{r0-r12, lr}					; S 0, SPBUF
	push	{r4, lr}					; S 0, SPBUF
	stmia	r2, {r0, r1}					; S 0, BUF2
	stmia	r2!, {r3-r6}					; S 0, BUF2
	stmib	r2, {r0, r5}					; S 0, BUF2
	stmib	r2!, {r7, r9, r11}				; S 0, BUF2
	stmda	r2, {r0-r3}					; S 0, BUF2
	stmda	r2!, {r4, r6}					; S 0, BUF2
	stmdb	r2, {r7, r8}					; S 0, BUF2
	stmia	r2, {sp, lr}					; S 0, BUF2
	stmia	r2, {r2, r3}					; S 0, BUF2
	.inst	0xe8a20006					; S X	/* stmia r2!, {r1, r2} */
	.inst	0xe8828001					; S X	/* stmia r2, {r0, pc} */
	.inst	0xe8820000					; S X	/* empty list */
	pop	{r0-r3}						; S 0, SPBUF
	pop	{r4, pc}					; S C, SPBUF, SETML(4, F)
	pop	{r4-r11, pc}					; S 0, SPBUF, SETML(32, B)
	pop	{r0, r1, pc}					; S 0, SPBUF, SETML(8, T)
	ldmia	r2, {r0, r1}					; S 0, BUF2
	ldmia	r2!, {r3-r6}					; S 0, BUF2
	ldmib	r2, {r0, r5}					; S 0, BUF2
	ldmib	r2!, {r7, r9, r11}				; S 0, BUF2
	ldmda	r2, {r0-r3}					; S 0, BUF2
	ldmda	r2!, {r4, r6}					; S 0, BUF2
	ldmdb	r2, {r7, r8}					; S 0, BUF2
	ldmdb	r2!, {r0, lr}					; S 0, BUF2
	ldmia	r2, {r2, r3}					; S 0, BUF2
	ldmia	r2, {r0, sp}					; S 0, BUF2
	ldmdb	r2, {r0, pc}					; S 0, BUF2, SETML(-4, F)
	.inst	0xe8b20006					; S X	/* ldmia r2!, {r1, r2} */
	.inst	0xe89f0001					; S X	/* ldm pc, {r0} */

/* ---- coprocessor and supervisor call ---- */
	svc	#0						; S X
	mrc	p15, 0, r0, c1, c0, 0				; S X
	mrc	p15, 0, r3, c0, c0, 5				; S X
	mcr	p15, 0, r0, c7, c5, 0				; S X
	mrrc	p15, 0, r0, r1, c14				; S X
	mcrr	p15, 0, r0, r1, c2				; S X
	mrc	p14, 0, r0, c0, c0, 0				; S X
	.inst	0xee300a00					; S X	/* vadd.f32 */
	.inst	0xeef10a10					; S X	/* vmrs r0, fpscr */
	ldc	p5, c1, [r0]					; S X
	cdp	p3, 0, c1, c2, c3, 0				; S X

/* ---- UNPREDICTABLE: fixed (0)/(1) bits not as the ARM ARM shows, and
 * PLDW (literal) (rows added for the arm_decode fuzzer's findings) ---- */
	.inst	0xf59ff008					; S X	/* pldw [pc, #8] */
	.inst	0xe0001291					; S X	/* mul, bits 15:12 = 1 */
	.inst	0xe19201b3					; S X	/* ldrh [r2, r3], bit 8 */
	.inst	0xe328000f					; S X	/* msr #imm, bits 15:12 = 0 */
	.inst	0xe1601281					; S X	/* smulbb, bits 15:12 = 1 */
	.inst	0xe12012a1					; S X	/* smulwb, bits 15:12 = 1 */
	.inst	0xe3521001					; S X	/* cmp r2, #1, Rd = 1 */
	.inst	0xe3a10001					; S X	/* mov r0, #1, Rn = 1 */
	.inst	0xe1521311					; S X	/* cmp r2, r1, lsl r3, Rd = 1 */
	.inst	0xe1a10311					; S X	/* mov r0, r1, lsl r3, Rn = 1 */
	.inst	0xe1521001					; S X	/* cmp r2, r1, Rd = 1 */
	.inst	0xe1a10001					; S X	/* mov r0, r1, Rn = 1 */
	.inst	0xe6120011					; S X	/* sadd16, bits 11:8 = 0 */

	.globl	probetest_table_end
probetest_table_end:
