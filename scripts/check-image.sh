#!/bin/sh
# Build-time checks of the final kernel ELF:
#  - the kallsyms table it carries matches its own symbols exactly;
#  - the only dynamic relocations are R_ARM_RELATIVE (all head.S applies);
#  - the mcount call-site table it carries is the one its own relocations
#    and code give (scripts/mcount.c --check: every `bl __gnu_mcount_nc`
#    decoded in the text is a site of the table, and the other way round).
set -eu
elf=$1 table=$2 kallsyms=$3 nm=$4 readelf=$5 mtable=$6 mcount=$7

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
$nm -n -S --defined-only --special-syms "$elf" | "$kallsyms" >"$tmp"
if ! cmp -s "$tmp" "$table"; then
	echo "check-image: kallsyms table does not match $elf (layout moved between passes)" >&2
	exit 1
fi
$mcount "$elf" >"$tmp"
if ! cmp -s "$tmp" "$mtable"; then
	echo "check-image: mcount table does not match $elf (layout moved between passes)" >&2
	exit 1
fi
$mcount --check "$elf"
# Only the dynamic relocations (.rel.dyn) are applied at boot; the static
# ones --emit-relocs keeps (.rel.text, ...) are never loaded.
bad=$($readelf -rW "$elf" | awk '/^Relocation section/ { dyn = ($3 == "'"'"'.rel.dyn'"'"'") }
	dyn && /^[0-9a-f]+ +[0-9a-f]+ +R_ARM_/ && $3 != "R_ARM_RELATIVE"' | head -5)
if [ -n "$bad" ]; then
	echo "check-image: relocations head.S cannot apply:" >&2
	echo "$bad" >&2
	exit 1
fi
