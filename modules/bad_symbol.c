// SPDX-License-Identifier: MIT
/*
 * bad_symbol: calls a function the kernel does not have and one it has but
 * does not export (memblock is boot-time internals). Loading must fail
 * with "bad_symbol: Unknown symbol ... (err -2)" for both and leave
 * nothing behind.
 */
#include <kernel/module.h>

void no_such_function(void);
void memblock_dump_all(void);

static int __init bad_symbol_init(void)
{
	no_such_function();
	memblock_dump_all();
	return 0;
}

static void __exit bad_symbol_exit(void)
{
}

module_init(bad_symbol_init);
module_exit(bad_symbol_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("broken on purpose: an unknown and an unexported symbol");
