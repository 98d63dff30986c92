/*
 * Forced into every kernel C file (arch/arm/rules.mk): the kernel is one
 * position-independent image with no dynamic linking, so every symbol is
 * local to it. Saying so for declarations too (-fvisibility=hidden only
 * covers definitions) lets the compiler reach another file's globals
 * PC-relative instead of through a GOT load on every access.
 */
#ifndef __ASSEMBLER__
#pragma GCC visibility push(hidden)
#endif
