#!/bin/sh
# probescan.sh VMLINUX PROBESCAN OBJDUMP: feed every ARM-state instruction
# of VMLINUX's .text to the host decoder. objdump tells code from literal
# pools and Thumb code by the mapping symbols; the instruction-slot area
# (UDF filler) is left out.
set -e
vmlinux=$1 scan=$2 objdump=$3
sym() { $objdump -t "$vmlinux" | awk -v s="$1" '$NF == s { print $1 }'; }
slots=$(sym __insn_slots_start) slots_end=$(sym __insn_slots_end)
$objdump -d -j .text "$vmlinux" |
	awk -F'\t' -v lo=$((0x$slots)) -v hi=$((0x$slots_end)) '
		$1 ~ /^ *[0-9a-f]+:$/ && $3 !~ /^\.word/ {
			if ($2 ~ /^[0-9a-f]+ [0-9a-f]/) next	# Thumb-2 halfword pair
			w = $2; gsub(" ", "", w)
			if (length(w) != 8 || w !~ /^[0-9a-f]+$/) next
			a = $1; sub(":", "", a); gsub(" ", "", a)
			v = 0; for (i = 1; i <= length(a); i++)
				v = v * 16 + index("0123456789abcdef", substr(a, i, 1)) - 1
			if ((v % 4) == 0 && (v < lo || v >= hi)) print a, w }' |
	"$scan"
