#!/bin/sh
# The probe core reaches arch code through one header: include/ek/arch.h
# (which includes the arch's inline half, <asm/arch_inline.h>). No other
# file under the given directories may include an <asm/...> header, or the
# core would compile against one arch's internals. One line per offence,
# file:line first; exit 1 if any.
set -eu
found=$(grep -rnE --include='*.[ch]' '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]asm/' "$@" |
	grep -v '^include/ek/arch\.h:' || true)
if [ -n "$found" ]; then
	echo "$found" | sed 's/^\([^:]*:[0-9]*\):.*[<"]\(asm\/[^>"]*\)[>"].*/arch-include: error: \1: includes <\2>; kernel\/ and include\/ek\/ reach arch code only through include\/ek\/arch.h/' >&2
	exit 1
fi
