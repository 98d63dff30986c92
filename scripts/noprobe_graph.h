/*
 * The direct call graph noprobe_check walks: an edge per branch with an
 * immediate target into another function. Each arch's decoder builds it
 * for every function (noprobe_arm.c: A32/Thumb; noprobe_x86.c: i386).
 */
#ifndef NOPROBE_GRAPH_H
#define NOPROBE_GRAPH_H

#include <stdint.h>

/* @from's instruction at @at branches to @target (noprobe_check.c). */
void add_edge(int from, uint32_t target, uint32_t at);
void build_edges_arm(void);
void build_edges_x86(void);

#endif
