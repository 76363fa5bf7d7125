// SPDX-License-Identifier: MIT
/*
 * bad_reloc: carries an R_X86_64_REX_GOTPCRELX (42) relocation against
 * printk, what position-independent code uses to load an address through
 * the GOT and what -mcmodel=kernel code never needs. The loader must
 * refuse it by number ("module: bad_reloc: Unknown rela relocation: 42")
 * and leave nothing behind. (Written with .reloc, so the object does not
 * also ask for _GLOBAL_OFFSET_TABLE_, which would fail earlier as an
 * unknown symbol.)
 */
#include <kernel/module.h>
#include <kernel/printk.h>

asm(".pushsection .data\n"
    ".balign 8\n"
    "bad_reloc_site:\n"
    ".reloc bad_reloc_site, R_X86_64_REX_GOTPCRELX, printk - 4\n"
    ".long 0\n"
    ".popsection\n");

static int __init bad_reloc_init(void)
{
	pr_info("bad_reloc: must never run\n");
	return 0;
}

static void __exit bad_reloc_exit(void)
{
}

module_init(bad_reloc_init);
module_exit(bad_reloc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("broken on purpose: a relocation the loader does not support");
