/*
 * void bench_known_loop(u32 n): exactly 2 * n instructions more than
 * bench_known_loop(0) (kernel/bench.c proves its counter with it): n = 0
 * runs mov, test, jz (taken), ret; each turn of the loop adds dec, jnz.
 */
	.text
	.globl	bench_known_loop
	.type	bench_known_loop, @function
bench_known_loop:
	mov	4(%esp), %ecx
	test	%ecx, %ecx
	jz	2f
1:	dec	%ecx
	jnz	1b
2:	ret
	.size	bench_known_loop, . - bench_known_loop
