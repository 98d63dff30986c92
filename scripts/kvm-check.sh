#!/bin/sh
# make kvm-check: can this host's KVM run the i386 kernel at all? Builds
# scripts/kvm-check.S once per test into $1 (build/kvm-check), runs each
# under TCG (the control: it must pass) and under KVM, and says which
# module /dev/kvm is. Not part of make check: CI machines may lack KVM.
set -u
out=${1:-build/kvm-check}
src=$(dirname "$0")/kvm-check.S
mkdir -p "$out"

if [ ! -c /dev/kvm ]; then
	echo "kvm-check: no /dev/kvm on this host: nothing to check" >&2
	exit 2
fi
mods=$(for m in kvm_intel kvm_amd kvm_pvm; do [ -d /sys/module/$m ] && printf '%s ' $m; done)
echo "kvm-check: /dev/kvm is provided by: ${mods:-unknown module}"
if grep -qwE 'vmx|svm' /proc/cpuinfo; then hw="shows vmx or svm"; else hw="shows neither vmx nor svm"; fi
echo "kvm-check: the host CPU $hw"
case " $mods " in *" kvm_pvm "*)
	echo "kvm-check: kvm_pvm is PVM, KVM without VT-x/AMD-V: it runs a guest natively" \
	     "under long-mode paging only, the rest through KVM's instruction emulator" ;;
esac

fails=0
for t in 1:int3 2:paging 3:pse 4:pae 5:long; do
	n=${t#*:}
	img=$out/$n.elf
	gcc -m32 -nostdlib -static -Wl,-Ttext=0x100000 -Wl,-N -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-DTEST="${t%%:*}" -o "$img" "$src" || exit 1
	if [ "$n" = long ]; then qemu="qemu-system-x86_64 -cpu qemu64"; else qemu="qemu-system-i386 -cpu qemu32"; fi
	for accel in tcg kvm; do
		log=$out/$n-$accel.log
		# shellcheck disable=SC2086
		timeout 20 $qemu -accel $accel -M pc -m 16M -kernel "$img" -nic none -no-reboot \
			-display none -serial file:"$log.serial" -device isa-debug-exit \
			>"$log" 2>&1 </dev/null
		rc=$?
		if [ $rc -eq 33 ] && grep -q 'kvm-check: ok' "$log.serial"; then
			res=ok
		elif [ $rc -eq 35 ]; then
			eip=$(sed -n 's/.*general protection fault at eip \([0-9a-f]*\).*/\1/p' "$log.serial")
			insn=$(objdump -d --start-address=0x$eip --stop-address=$((0x$eip + 3)) "$img" |
				sed -n 's/^ *[0-9a-f]*:\t[0-9a-f ]*\t//p')
			res="FAIL (general protection fault at $eip: $insn)"
		elif grep -q 'KVM internal error' "$log"; then
			eip=$(sed -n 's/^EIP=\([0-9a-f]*\).*/\1/p' "$log" | head -1)
			insn=$(objdump -d --start-address=0x$eip --stop-address=$((0x$eip + 1)) "$img" |
				sed -n 's/^ *[0-9a-f]*:\t[0-9a-f ]*\t//p')
			res="FAIL (KVM internal error, $(grep -m1 -o 'emulation failure' "$log" ||
				echo see the log) at $eip: $insn)"
		elif [ $rc -eq 0 ]; then
			res="FAIL (the guest triple-faulted)"
		else
			res="FAIL (QEMU exit $rc)"
		fi
		printf 'kvm-check: %-7s %-4s %s\n' "$n" "$accel" "$res"
		case $res in FAIL*) [ $accel = kvm ] || fails=$((fails + 1)) ;; esac
		case $res in FAIL*) [ $accel = tcg ] || kfail="${kfail:-}$n " ;; esac
	done
done
echo "kvm-check: logs in $out/ (host kernel messages: dmesg | grep kvm)"
if [ $fails -ne 0 ]; then
	echo "kvm-check: a TCG control run failed: the check itself is broken" >&2
	exit 1
fi
case "${kfail:-}" in
"") echo "kvm-check: this KVM runs everything the i386 kernel needs: make run BOARD=pc KVM=1" ;;
*)	echo "kvm-check: this KVM cannot run: ${kfail}(images of a few instructions, none" \
	     "of ekprobes' code): the i386 kernel cannot boot under it"
	exit 3 ;;
esac
