// SPDX-License-Identifier: MIT
/*
 * init_fail: its init allocates, frees, and returns -ENODEV, so the load
 * must be undone ("init_fail: init failed (err -19)") with nothing left.
 */
#include <kernel/errno.h>
#include <kernel/module.h>
#include <mm/slab.h>

static int __init init_fail_init(void)
{
	void *p = kmalloc(64, GFP_KERNEL);

	kfree(p);
	return -ENODEV;
}

static void __exit init_fail_exit(void)
{
}

module_init(init_fail_init);
module_exit(init_fail_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("broken on purpose: init returns -ENODEV");
