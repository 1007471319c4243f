// SPDX-License-Identifier: GPL-2.0
/*
 * 7.3 (and Debian's 7.2) replaced the swap-entry helpers (pte_to_swp_entry,
 * is_migration_entry, non_swap_entry...) with the software-leaf API of
 * <linux/leafops.h>: softleaf_from_pte() and softleaf_is_*().
 */
#include <linux/leafops.h>

int lkm_compat_test(pte_t pte);
int lkm_compat_test(pte_t pte)
{
	softleaf_t entry = softleaf_from_pte(pte);

	return softleaf_is_swap(entry) + softleaf_is_migration(entry);
}
