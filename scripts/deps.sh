#!/bin/sh
# Install every Debian package ekprobes needs that is not installed yet.
# Runs apt-get update only when a package cannot be found in the cached lists.
set -eu

PKGS="make gcc gcc-multilib libc6-dev binutils gcc-arm-none-eabi binutils-arm-none-eabi
qemu-system-arm qemu-system-x86 device-tree-compiler libfdt-dev libcmocka-dev clang-14 libclang-rt-14-dev
u-boot-qemu u-boot-tools mtools dosfstools libubootenv-tool dt-schema
python3 python3-labgrid python3-pytest python3-pytest-timeout python3-pexpect
trace-cmd libkshark-dev libjson-c-dev libpng-dev librsvg2-bin
lava-dispatcher"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
export DEBIAN_FRONTEND=noninteractive
apt_install() { $SUDO apt-get install -y -q --no-install-recommends $missing </dev/null; }
# Fresh machines often have empty package lists: update first only if needed.
if ! apt_install; then
	$SUDO apt-get update -q </dev/null
	apt_install
fi
