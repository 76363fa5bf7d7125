#include <arch/irqflags.h>
#include <arch/stacktrace.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
enum system_states system_state = SYSTEM_BOOTING;
void __might_sleep(const char *file, int line)
{
	if (system_state != SYSTEM_RUNNING || !irqs_disabled())
		return;
	printk(KERN_ERR "BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	dump_stack();
}
