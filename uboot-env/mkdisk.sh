#!/bin/sh
# mkdisk.sh OUT SIZE_MIB FILE... [-- DIR FILE...]...
#
# Write a disk image OUT of SIZE_MIB MiB: an MBR with one bootable FAT
# partition from 1 MiB to the end, holding FILE... in its root directory;
# each `-- DIR FILE...` group goes into /DIR. No root, no loop mounts:
# the MBR is written with printf, the file system with mkfs.vfat --offset
# and filled with mtools (mmd, mcopy) at OUT@@1M.
set -eu

usage() { echo "usage: $0 OUT SIZE_MIB FILE... [-- DIR FILE...]..." >&2; exit 2; }
[ $# -ge 3 ] || usage
out=$1 size=$2
shift 2
case $size in *[!0-9]*|'') usage;; esac
[ "$size" -ge 8 ] || { echo "$0: at least 8 MiB" >&2; exit 2; }

start=2048                                  # first sector: 1 MiB
sectors=$(( (size - 1) * 2048 ))            # partition: the rest

# printf escapes for a 32-bit little-endian number
le32() {
	printf '\\%03o\\%03o\\%03o\\%03o' $(( $1 & 255 )) $(( ($1 >> 8) & 255 )) \
		$(( ($1 >> 16) & 255 )) $(( ($1 >> 24) & 255 ))
}

tmp=$out.tmp
rm -f "$tmp"
# a sparse file of the full size
dd if=/dev/zero of="$tmp" bs=1 count=0 seek=$(( size * 1048576 )) 2>/dev/null

# MBR partition entry 1 at 446: bootable (0x80), CHS "LBA only" (fe ff ff),
# type 0x0e (FAT16, LBA), then start LBA and length in sectors.
entry="\\200\\376\\377\\377\\016\\376\\377\\377$(le32 $start)$(le32 $sectors)"
# shellcheck disable=SC2059  # the format is made of escapes on purpose
printf "$entry" | dd of="$tmp" bs=1 seek=446 conv=notrunc 2>/dev/null
printf '\125\252' | dd of="$tmp" bs=1 seek=510 conv=notrunc 2>/dev/null

mkfs.vfat -F 16 -n EKPROBES --offset $start "$tmp" $(( sectors / 2 )) >/dev/null

export MTOOLS_SKIP_CHECK=1
img="$tmp@@1M"
dir=
while [ $# -gt 0 ]; do
	if [ "$1" = -- ]; then
		[ $# -ge 2 ] || usage
		dir=$2
		shift 2
		mmd -i "$img" "::/$dir"
		continue
	fi
	mcopy -i "$img" "$1" "::/$dir/$(basename "$1")"
	shift
done
mv "$tmp" "$out"
