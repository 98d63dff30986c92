#!/bin/sh
# Validate DTBs against our binding (dts/bindings) with Debian's dt-schema.
# dt-validate exits 0 even when it finds problems, so its output decides.
#   dt-check.sh SCHEMA_JSON good|bad FILE.dtb...
set -eu
schema=$1 expect=$2
shift 2
status=0
for dtb in "$@"; do
	out=$(dt-validate -s "$schema" -l ekprobes "$dtb" 2>&1 || true)
	if [ "$expect" = good ] && [ -n "$out" ]; then
		echo "dt-check: $dtb does not match the binding:" >&2
		echo "$out" >&2
		status=1
	elif [ "$expect" = bad ] && [ -z "$out" ]; then
		echo "dt-check: $dtb should have been rejected by the binding" >&2
		status=1
	else
		echo "dt-check: $dtb: $( [ "$expect" = good ] && echo ok || echo rejected as expected)"
	fi
done
exit $status
