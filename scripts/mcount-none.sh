#!/bin/sh
# scripts/mcount.c's interface for an image built without -pg (x86 for
# now): the call-site table is always the empty one, and --check has no
# site to prove. Usage: mcount-none.sh MCOUNT (VMLINUX | --check VMLINUX)
mcount=$1
shift
case "$1" in
--check) exit 0 ;;
*) exec "$mcount" --empty ;;
esac
