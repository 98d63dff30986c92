#!/bin/sh
# Build-time checks of the final kernel ELF:
#  - the kallsyms table it carries matches its own symbols exactly;
#  - the only dynamic relocations are R_ARM_RELATIVE (all head.S applies).
set -eu
elf=$1 table=$2 kallsyms=$3 nm=$4 readelf=$5

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
$nm -n -S --defined-only --special-syms "$elf" | "$kallsyms" >"$tmp"
if ! cmp -s "$tmp" "$table"; then
	echo "check-image: kallsyms table does not match $elf (layout moved between passes)" >&2
	exit 1
fi
bad=$($readelf -rW "$elf" | awk '/^[0-9a-f]+ +[0-9a-f]+ +R_ARM_/ && $3 != "R_ARM_RELATIVE"' | head -5)
if [ -n "$bad" ]; then
	echo "check-image: relocations head.S cannot apply:" >&2
	echo "$bad" >&2
	exit 1
fi
