/*
 * Included before every kernel C file (arch/arm/rules.mk). The kernel is
 * one position-independent image linked on its own: no symbol is ever
 * preempted or shared, so declarations too are hidden. The compiler then
 * reaches globals PC-relative instead of loading their address from the
 * GOT, and the GOT, with the relocation head.S applies for each entry,
 * goes away (-fvisibility=hidden alone covers definitions only).
 */
#ifndef __ASSEMBLER__
#pragma GCC visibility push(hidden)
#endif
