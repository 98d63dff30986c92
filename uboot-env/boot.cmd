# ekprobes boot script for U-Boot distro boot (boot.cmd -> boot.scr with
# `mkimage -T script`; uboot-env/rules.mk). Distro boot finds it on the
# boot partition and sets devtype, devnum, distro_bootpart and prefix.
#
# Environment variables it reads (all optional; README.md, "U-Boot"):
#   fdtfile                 DTB on this partition (else: the DT the firmware got)
#   ekprobes_overlays       overlays/<name>.dtbo to apply, e.g. "irq timers"
#   ekprobes_fdt_apply      "no": skip `fdt apply`, use the host-merged DTB
#                           <fdtfile without .dtb>+<ov1>+<ov2>.dtb directly
#   ekprobes_groups         group names; for each, ekprobes_<group> holds
#                           kprobe_events lines separated by semicolons; it becomes
#                           /chosen/ekprobes/<group> { probes = ... }
#   ekprobes_disabled       groups to register but leave disarmed
#   ekprobes_print          "1": /chosen/ekprobes { print; }
#   ekprobes_buffer_entries /chosen/ekprobes { buffer-entries = <N>; }
#   ekprobes_ekprobe        bootargs ekprobe=SYM[,SYM]
#   ekprobes_kprobe_event   bootargs kprobe_event=DEF[;DEF] (commas for spaces)
#   ekprobes_enabled        bootargs ekprobes.enabled=
#   ekprobes_bootargs       further kernel arguments, verbatim
#   ekprobes_trace_region   "BASE SIZE": /reserved-memory/trace@BASE for the
#                           boot trace, kept across a warm reset, named by
#                           /chosen/ekprobes memory-region
#   ekprobes_preloaded      "1": zImage is at ${kernel_addr_r} and the DTB at
#                           ${fdt_addr_r} already (e.g. TFTP, lava/); nothing is
#                           loaded from a disk (overlays: merge them on the host)
# bootargs is composed from these on every boot (set ekprobes_bootargs,
# not bootargs). Values are used as they are: no quotes inside them.
#
# The hush of U-Boot re-reads quotes in expanded values, so a probes string
# list is written as one string and its semicolons are then turned into NULs in
# place; node existence is checked by listing children (quietly).

echo "ekprobes: boot script from ${devtype} ${devnum}:${distro_bootpart}${prefix}"
setenv _ekp_ok 1
if test -z "${fdt_addr_r}"; then setenv fdt_addr_r 0x43000000; fi
if test -z "${fdtoverlay_addr_r}"; then setenv fdtoverlay_addr_r 0x43f00000; fi

# --- kernel -----------------------------------------------------------
setenv _ekp_fdt
if test "${ekprobes_preloaded}" = "1"; then
	echo "ekprobes: zImage at ${kernel_addr_r} and device tree at ${fdt_addr_r} already loaded"
	setenv _ekp_fdt "preloaded at ${fdt_addr_r}"
elif load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}zImage; then
	true
else
	echo "ekprobes: error: no ${prefix}zImage on ${devtype} ${devnum}:${distro_bootpart}"
	setenv _ekp_ok
fi

# --- device tree --------------------------------------------------------
if test -n "${_ekp_fdt}"; then
	true
elif test -n "${fdtfile}"; then
	if load ${devtype} ${devnum}:${distro_bootpart} ${fdt_addr_r} ${prefix}${fdtfile}; then
		setenv _ekp_fdt ${fdtfile}
	else
		echo "ekprobes: warning: no ${prefix}${fdtfile}; using the device tree of the firmware"
	fi
fi
if test -z "${_ekp_fdt}"; then
	fdt addr ${fdtcontroladdr}
	fdt header get _ekp_size totalsize
	fdt move ${fdtcontroladdr} ${fdt_addr_r} ${_ekp_size}
	setenv _ekp_fdt "firmware device tree"
fi
fdt addr ${fdt_addr_r}

# --- overlays: `fdt apply` when U-Boot has it, else host-merged DTBs -----
if test -n "${ekprobes_overlays}"; then
	setenv _ekp_applied
	if test "${ekprobes_fdt_apply}" != "no"; then
		fdt resize 65536
		setenv _ekp_applied 1
		for o in ${ekprobes_overlays}; do
			if test -n "${_ekp_applied}"; then
				if load ${devtype} ${devnum}:${distro_bootpart} ${fdtoverlay_addr_r} ${prefix}overlays/${o}.dtbo && fdt apply ${fdtoverlay_addr_r}; then
					echo "ekprobes: applied overlay ${o}"
				else
					echo "ekprobes: fdt apply of ${o} failed or unsupported; trying a host-merged DTB"
					setenv _ekp_applied
				fi
			fi
		done
	fi
	if test -z "${_ekp_applied}"; then
		setenv _ekp_merged ${fdtfile}
		setexpr _ekp_merged sub "[.]dtb" ""
		for o in ${ekprobes_overlays}; do setenv _ekp_merged ${_ekp_merged}+${o}; done
		setenv _ekp_merged ${_ekp_merged}.dtb
		if test -n "${fdtfile}" && load ${devtype} ${devnum}:${distro_bootpart} ${fdt_addr_r} ${prefix}${_ekp_merged}; then
			echo "ekprobes: overlays ${ekprobes_overlays}: host-merged ${_ekp_merged}"
			setenv _ekp_fdt ${_ekp_merged}
		else
			echo "ekprobes: error: overlays [${ekprobes_overlays}] not applied: no fdt apply and no ${prefix}${_ekp_merged} (add it: make uboot-disk UBOOT_MERGES=...); booting without them"
			if test -n "${fdtfile}"; then
				load ${devtype} ${devnum}:${distro_bootpart} ${fdt_addr_r} ${prefix}${fdtfile}
			fi
		fi
		fdt addr ${fdt_addr_r}
	fi
fi
fdt resize 16384

# --- /chosen/ekprobes from the environment -------------------------------
# _ekp_find: _ekp_found=1 when node ${_ekp_path} has a child ${_ekp_name}
# (fdt get size counts in decimal, fdt get name indexes in hex).
setenv _ekp_find 'setenv _ekp_found; setenv _ekp_h 0; fdt get size _ekp_n ${_ekp_path}; for i in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31; do if itest ${i} -lt ${_ekp_n}; then fdt get name _ekp_nm ${_ekp_path} ${_ekp_h}; if test "${_ekp_nm}" = "${_ekp_name}"; then setenv _ekp_found 1; fi; setexpr _ekp_h ${_ekp_h} + 1; fi; done'
# _ekp_node: make sure ${_ekp_path}/${_ekp_name} exists
setenv _ekp_node 'run _ekp_find; if test -z "${_ekp_found}"; then fdt mknode ${_ekp_path} ${_ekp_name}; fi'

# --- the boot trace's region (README "When the board hangs") --------------
# A /reserved-memory child the kernel keeps its trace ring in from the first
# probe on, so a warm reset keeps it: the next boot prints "ekprobes:
# previous boot: ...". U-Boot itself keeps off it: it relocates to the top of
# RAM, and bootz leaves /reserved-memory alone (lmb); the load addresses this
# script uses must not fall inside it (checked here).
if test -n "${ekprobes_trace_region}"; then
	setenv _ekp_rb; setenv _ekp_rs
	for w in ${ekprobes_trace_region}; do
		if test -z "${_ekp_rb}"; then setenv _ekp_rb ${w}; else setenv _ekp_rs ${w}; fi
	done
	setexpr _ekp_re ${_ekp_rb} + ${_ekp_rs}
	setenv _ekp_clash
	for a in ${kernel_addr_r} ${fdt_addr_r} ${fdtoverlay_addr_r} ${scriptaddr} ${ramdisk_addr_r}; do
		if itest ${a} -ge ${_ekp_rb} && itest ${a} -lt ${_ekp_re}; then setenv _ekp_clash ${a}; fi
	done
	if test -z "${_ekp_rs}"; then
		echo "ekprobes: error: ekprobes_trace_region is \"${ekprobes_trace_region}\", not \"BASE SIZE\"; no boot trace region"
	elif test -n "${_ekp_clash}"; then
		echo "ekprobes: error: ekprobes_trace_region ${ekprobes_trace_region} holds the load address ${_ekp_clash}; no boot trace region"
	else
		setenv _ekp_nn ${_ekp_rb}
		setexpr _ekp_nn sub "^0x" ""
		fdt get value _ekp_ac / "#address-cells"
		setenv _ekp_path /; setenv _ekp_name reserved-memory; run _ekp_node
		fdt set /reserved-memory "#address-cells" "<${_ekp_ac}>"
		fdt set /reserved-memory "#size-cells" "<${_ekp_ac}>"
		fdt set /reserved-memory ranges
		setenv _ekp_path /reserved-memory; setenv _ekp_name trace@${_ekp_nn}; run _ekp_node
		setenv _ekp_node_path /reserved-memory/trace@${_ekp_nn}
		fdt set ${_ekp_node_path} compatible "ekprobes,boot-trace"
		if test "${_ekp_ac}" = "0x00000002"; then
			fdt set ${_ekp_node_path} reg "<0 ${_ekp_rb} 0 ${_ekp_rs}>"
		else
			fdt set ${_ekp_node_path} reg "<${_ekp_rb} ${_ekp_rs}>"
		fi
		fdt set ${_ekp_node_path} no-map
		# a phandle no generated tree uses ("ekpt")
		fdt set ${_ekp_node_path} phandle "<0x656b7074>"
		setenv _ekp_path /chosen; setenv _ekp_name ekprobes; run _ekp_node
		fdt set /chosen/ekprobes memory-region "<0x656b7074>"
		echo "ekprobes: boot trace region ${_ekp_node_path} (${ekprobes_trace_region})"
	fi
fi

if test -n "${ekprobes_groups}${ekprobes_print}${ekprobes_buffer_entries}"; then
	setenv _ekp_path /chosen; setenv _ekp_name ekprobes; run _ekp_node
fi
if test "${ekprobes_print}" = "1"; then fdt set /chosen/ekprobes print; fi
if test -n "${ekprobes_buffer_entries}"; then
	fdt set /chosen/ekprobes buffer-entries "<${ekprobes_buffer_entries}>"
fi
for g in ${ekprobes_groups}; do
	setenv _ekp_v
	setenv _ekp_get "setenv _ekp_v \"\${ekprobes_${g}}\""
	run _ekp_get
	if test -z "${_ekp_v}"; then
		echo "ekprobes: warning: group ${g}: ekprobes_${g} is empty; skipped"
	else
		setenv _ekp_path /chosen/ekprobes; setenv _ekp_name ${g}; run _ekp_node
		fdt set /chosen/ekprobes/${g} probes "${_ekp_v}"
		# one string "a;b;c" -> the string list "a", "b", "c"
		fdt get addr _ekp_a /chosen/ekprobes/${g} probes
		fdt get size _ekp_s /chosen/ekprobes/${g} probes
		setexpr _ekp_e ${_ekp_a} + ${_ekp_s}
		while itest ${_ekp_a} -lt ${_ekp_e}; do
			setexpr.b _ekp_c *${_ekp_a}
			if itest ${_ekp_c} -eq 3b; then mw.b ${_ekp_a} 0; fi
			setexpr _ekp_a ${_ekp_a} + 1
		done
		echo "ekprobes: /chosen/ekprobes/${g}: probes from ekprobes_${g}"
	fi
done
for g in ${ekprobes_disabled}; do
	setenv _ekp_path /chosen/ekprobes; setenv _ekp_name ${g}; run _ekp_find
	if test -n "${_ekp_found}"; then fdt set /chosen/ekprobes/${g} disabled; fi
done

# --- bootargs: only the pieces that are set, single spaces ---------------
# (inline, not through `run`: run cuts expanded values at 255 characters)
setenv bootargs
if test -n "${ekprobes_ekprobe}"; then
	setenv bootargs "ekprobe=${ekprobes_ekprobe}"
fi
if test -n "${ekprobes_kprobe_event}"; then
	if test -n "${bootargs}"; then
		setenv bootargs "${bootargs} kprobe_event=${ekprobes_kprobe_event}"
	else
		setenv bootargs "kprobe_event=${ekprobes_kprobe_event}"
	fi
fi
if test -n "${ekprobes_enabled}"; then
	if test -n "${bootargs}"; then
		setenv bootargs "${bootargs} ekprobes.enabled=${ekprobes_enabled}"
	else
		setenv bootargs "ekprobes.enabled=${ekprobes_enabled}"
	fi
fi
if test -n "${ekprobes_bootargs}"; then
	if test -n "${bootargs}"; then
		setenv bootargs "${bootargs} ${ekprobes_bootargs}"
	else
		setenv bootargs "${ekprobes_bootargs}"
	fi
fi
echo "ekprobes: device tree: ${_ekp_fdt}; bootargs: ${bootargs}"

# clean up the helpers so `printenv`/`saveenv` stay readable
for v in _ekp_find _ekp_node _ekp_get _ekp_v _ekp_a _ekp_s _ekp_e _ekp_c _ekp_h _ekp_n _ekp_nm _ekp_found _ekp_path _ekp_name _ekp_size _ekp_merged _ekp_applied _ekp_rb _ekp_rs _ekp_re _ekp_clash _ekp_nn _ekp_ac _ekp_node_path; do
	setenv ${v}
done
if test -n "${_ekp_ok}"; then
	bootz ${kernel_addr_r} - ${fdt_addr_r}
fi
echo "ekprobes: not booted (see the errors above)"
setenv _ekp_ok
