#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-shell.sh - the interactive lab: loads the suite's four modules (as built
# on the host, under modules/<name>/<name>.ko) and opens a root shell.
# Started by vm-init.sh inside the lab VM when vm.sh is given no command.

repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo" || exit 1
echo "lab VM: Linux $(uname -r), $(nproc) CPUs, repo at $repo"
for m in binfmt_demo pagewalk sched_probe syscall_probe; do
	ko=modules/$m/$m.ko
	if [ ! -f "$ko" ]; then
		echo "  $m: not built (run make KVER=... on the host)"
	elif insmod "$ko" 2>/tmp/insmod.err; then
		echo "  $m: loaded"
	else
		echo "  $m: not loaded: $(cat /tmp/insmod.err)"
		echo "    (built for $(modinfo -F vermagic "$ko" | cut -d' ' -f1)?)"
	fi
done
echo "Type 'exit' or press Ctrl-D to power off the VM."
export PS1='lab:\w# '
exec /bin/bash --norc -i
