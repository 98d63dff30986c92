#!/bin/sh
# scripts/noprobe_check must accept the real i386 image and refuse copies
# where the probe path reaches code outside .noprobe.text, naming the chain:
# patch_text's first call (rel32, the decoder's edge) redirected to
# boot_stage; the first NOPROBE_TABLE word (early_events' ops) made
# boot_stage's address; a trace clock's first call made one to __fentry__
# (the tracer's path, NOTRACE_ROOT). And copies it cannot prove anything about:
# patch_text starting with an opcode the decoder refuses; that call's e8
# made b8 (mov imm32: its R_386_PC32 no longer belongs to a branch).
# Usage: noprobe_x86_check.sh VMLINUX NOPROBE_CHECK OUTDIR
set -eu
elf=$1 tool=$2 out=$3
mkdir -p "$out"
"$tool" "$elf" "$out/noprobe-reachable.x86" >/dev/null ||
	{ echo "noprobe_check rejects the real i386 image"; exit 1; }

# Section $2's column $3 (3: address, 4: file offset, 5: size) from readelf.
shcol() { readelf -SW "$1" | awk -v s="$2" -v c="$3" '{ sub(/^.*\]/, ""); if ($1 == s) print "0x" $c }'; }
text_off=$(shcol "$elf" .text 4) text_addr=$(shcol "$elf" .text 3)
addr() { nm "$elf" | awk -v s="$1" '$3 == s { print "0x" $1 }'; }
# The little-endian word $1 as octal escapes for printf.
le32() {
	printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) \
		$(($1 >> 16 & 255)) $(($1 >> 24 & 255))
}
# Copy $1 with the bytes $3 (octal escapes) at file offset $2.
poke_off() {
	cp "$elf" "$1"
	printf "$3" | dd of="$1" bs=1 conv=notrunc seek=$(($2)) 2>/dev/null
}
poke() { poke_off "$1" $(( text_off + $2 - text_addr )) "$3"; }
expect_fail() { # copy, message
	if "$tool" "$1" >"$1.log" 2>&1; then
		echo "noprobe_check accepted $1"; exit 1
	fi
	grep -q "$2" "$1.log" || { cat "$1.log"; exit 1; }
	echo "          $(grep -m1 "$2" "$1.log")"
}

# The address of function $1's first call (e8 rel32).
first_call() {
	objdump -d --no-show-raw-insn "$elf" | awk -v f="<$1>:" \
		'$2 == f { in_f = 1 } in_f && /\tcall / { sub(/:.*/, ""); print "0x" $1; exit }'
}
# Copy $1 with the first call of function $2 going to address $3.
redirect() {
	at=$(first_call "$2")
	[ -n "$at" ] || { echo "no call in $2"; exit 1; }
	poke "$1" $((at + 1)) "$(le32 $(($3 - (at + 5))))"
}

stage=$(addr boot_stage)
redirect "$out/vmlinux.x86-call" patch_text "$stage"
expect_fail "$out/vmlinux.x86-call" "^noprobe-check: patch_text -> boot_stage: probe-able"

# The tracer's half: a trace clock that calls __fentry__.
redirect "$out/vmlinux.x86-traced-clock" trace_clock_first "$(addr __fentry__)"
expect_fail "$out/vmlinux.x86-traced-clock" \
	"^noprobe-check: trace_clock_first: mcount call at .* on the function tracer's path"

# The records are 12 bytes: kind (2: a table), address, size.
table=$(od -An -tx4 -v -j $(($(shcol "$elf" .ekprobes.noprobe 4))) \
	-N $(($(shcol "$elf" .ekprobes.noprobe 5))) "$elf" |
	tr -s ' \n' '\n\n' | grep . | paste - - - | awk '$1 == "00000002" { print "0x" $2; exit }')
[ -n "$table" ] || { echo "no NOPROBE_TABLE record"; exit 1; }
# The file offset of link address $1, from the section holding it.
file_off() {
	readelf -SW "$elf" | sed -n 's/^ *\[ *[0-9]*\] //p' |
	while read -r name type a off size rest; do
		[ "$type" = PROGBITS ] && [ $((0x$a)) -ne 0 ] || continue
		if [ $(($1)) -ge $((0x$a)) ] && [ $(($1)) -lt $((0x$a + 0x$size)) ]; then
			echo $((0x$off + $1 - 0x$a)); break
		fi
	done
}
at=$(file_off "$table")
[ -n "$at" ] || { echo "no section holds the table at $table"; exit 1; }
poke_off "$out/vmlinux.x86-table" "$at" "$(le32 $((stage)))"
expect_fail "$out/vmlinux.x86-table" "^noprobe-check: [a-z_]*\[\] -> boot_stage: probe-able"

poke "$out/vmlinux.x86-undecodable" "$(addr patch_text)" '\017\004'
expect_fail "$out/vmlinux.x86-undecodable" "patch_text: cannot decode at .*reserved or undefined opcode"

poke "$out/vmlinux.x86-desync" "$(first_call patch_text)" '\270'
expect_fail "$out/vmlinux.x86-desync" "patch_text: cannot decode at .*R_386_PC32"
