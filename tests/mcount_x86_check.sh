#!/bin/sh
# scripts/mcount_x86.c --check must accept the real i386 image and refuse a
# copy whose first site is the NOP (a site that is not a call) and one with
# a call __fentry__ planted at a function that is no site (do_trap, in
# .noprobe.text). Usage: mcount_x86_check.sh VMLINUX MCOUNT_X86 OUTDIR
set -eu
elf=$1 tool=$2 out=$3
mkdir -p "$out"
"$tool" --check "$elf" >/dev/null || { echo "mcount_x86 --check rejects the real image"; exit 1; }

text_off=$(readelf -SW "$elf" | awk '{ sub(/^.*\]/, ""); if ($1 == ".text") print "0x" $4 }')
text_addr=$(readelf -SW "$elf" | awk '{ sub(/^.*\]/, ""); if ($1 == ".text") print "0x" $3 }')
addr() { nm "$elf" | awk -v s="$1" '$3 == s { print "0x" $1 }'; }
# Write the bytes given as octal escapes at link address $2 of copy $1.
poke() {
	cp "$elf" "$1"
	printf "$3" | dd of="$1" bs=1 conv=notrunc seek=$(( text_off + $2 - text_addr )) 2>/dev/null
}
expect_fail() { # copy, message
	if "$tool" --check "$1" >"$1.log" 2>&1; then
		echo "mcount_x86 --check accepted $1"; exit 1
	fi
	grep -q "$2" "$1.log" || { cat "$1.log"; exit 1; }
	echo "          $(head -1 "$1.log")"
}

site=$(nm "$elf" | awk '$3 == "boot_stage" { print "0x" $1 }')
poke "$out/vmlinux.x86-nopsite" "$site" '\017\037\104\000\000'
expect_fail "$out/vmlinux.x86-nopsite" "is not a call __fentry__"

at=$(addr do_trap) fentry=$(addr __fentry__)
rel=$(( (fentry - (at + 5)) & 0xffffffff ))
bytes=$(printf '\\350\\%03o\\%03o\\%03o\\%03o' $((rel & 255)) $((rel >> 8 & 255)) \
	$((rel >> 16 & 255)) $((rel >> 24 & 255)))
poke "$out/vmlinux.x86-planted" "$at" "$bytes"
expect_fail "$out/vmlinux.x86-planted" "calls __fentry__ but is not in the table"
