// SPDX-License-Identifier: GPL-2.0
/*
 * The software-leaf API of <linux/leafops.h> (softleaf_from_pte(),
 * softleaf_is_*(), softleaf_to_pfn()), which replaced pte_to_swp_entry(),
 * is_migration_entry(), swp_offset_pfn()... (6.19 added it; Debian's 7.2.13
 * and 7.3.4 headers have only it). <linux/mm.h> and <linux/swap.h> come
 * first, as in a module: on 7.2 leafops.h does not compile on its own (its
 * swapops.h needs the pte_swp_* helpers of <linux/pgtable.h> and
 * MAX_SWAPFILES_SHIFT of <linux/swap.h>).
 */
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/leafops.h>

unsigned long lkm_compat_test(pte_t pte);
unsigned long lkm_compat_test(pte_t pte)
{
	softleaf_t entry = softleaf_from_pte(pte);

	if (softleaf_is_migration(entry) || softleaf_is_device_private(entry) ||
	    softleaf_is_hwpoison(entry))
		return softleaf_to_pfn(entry);
	return softleaf_is_swap(entry) + softleaf_is_marker(entry) +
	       softleaf_is_migration_write(entry) + swp_type(entry) +
	       swp_offset(entry);
}
