# SPDX-License-Identifier: GPL-2.0
#
# compat.mk - build-time feature tests against the headers of the kernel
# being built for, in the manner of Falco's driver/configure/ tests.
#
# A module's Kbuild includes this file and takes its flags (the tests it
# needs are listed once, at the end of this file):
#
#	include $(src)/../../compat/compat.mk
#	ccflags-y += $(lkm_compat_pagewalk)
#
# lkm_have,NAME compiles compat/tests/NAME.c (syntax only, with the kernel's
# own compiler and flags, as a module) and gives -DLKM_HAVE_NAME (upper
# case) when it compiles. Distributions backport API changes without
# changing LINUX_VERSION_CODE, so an API that moved is tested for, not
# guessed from the version. include/lkm_compat.h turns the results into one
# helper per difference; each test names the kernel version that changed it.
# Kbuild runs this while reading the Kbuild file, also under DKMS.

lkm_compat_tests := $(src)/../../compat/tests

lkm_have = $(shell $(CC) $(KBUILD_CPPFLAGS) $(LINUXINCLUDE) $(KBUILD_CFLAGS) \
	$(KBUILD_CFLAGS_MODULE) -DMODULE -DKBUILD_MODNAME='"lkm_compat"' \
	-DKBUILD_BASENAME='"lkm_compat"' -fsyntax-only -Werror -x c \
	$(lkm_compat_tests)/$(1).c >/dev/null 2>&1 && \
	echo -DLKM_HAVE_$(shell echo $(1) | tr a-z A-Z))

# Each module's compatibility flags: its section of include/lkm_compat.h
# and the tests it needs. Used by its Kbuild and by the KUnit suites that
# #include its files (tests/kunit/Kbuild).
lkm_compat_pagewalk = -DLKM_COMPAT_PAGEWALK $(call lkm_have,softleaf) \
	$(call lkm_have,task_exec_state)
lkm_compat_sched_probe = -DLKM_COMPAT_SCHED_PROBE $(call lkm_have,preempt_lazy)
