// SPDX-License-Identifier: MIT
/*
 * Fault injection capabilities (Linux's lib/fault-inject.c): the decision
 * whether to fail one call, shared by fail_page_alloc (mm/fail_page_alloc.c)
 * and failslab (mm/failslab.c). See kernel/include/kernel/fault_inject.h
 * for the boot parameters and their semantics.
 *
 * Lock order: none. The counters of an attr are updated with interrupts
 * disabled (one CPU), so a decision taken from an interrupt handler cannot
 * tear one taken by the task it interrupted.
 */
#define pr_fmt(fmt) "FAULT_INJECTION: " fmt

#include <arch/irqflags.h>
#include <arch/stacktrace.h>
#include <kernel/errno.h>
#include <kernel/fault_inject.h>
#include <kernel/jiffies.h>
#include <kernel/printk.h>
#include <kernel/string.h>

/* Linux's DEFAULT_RATELIMIT_INTERVAL / _BURST for the failure dumps. */
#define FAULT_RL_INTERVAL	(5 * HZ)
#define FAULT_RL_BURST		10

/* splitmix64: small, good enough, and reproducible from the seed. */
static u64 fault_rnd_next(struct fault_attr *attr)
{
	u64 z = (attr->rnd_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Interrupts disabled. Linux's __ratelimit() with the default limits. */
static bool fault_ratelimit(struct fault_attr *attr)
{
	if (!attr->rl_begin || time_after(jiffies, attr->rl_begin + FAULT_RL_INTERVAL)) {
		attr->rl_begin = jiffies ? jiffies : 1;
		attr->rl_printed = 0;
	}
	return attr->rl_printed++ < FAULT_RL_BURST;
}

static void fail_dump(struct fault_attr *attr, long space, long times)
{
	pr_notice("forcing a failure.\n"
		  "name %s, interval %lu, probability %lu, space %ld, times %ld\n",
		  attr->name, attr->interval, attr->probability, space, times);
	if (attr->verbose > 1)
		dump_stack();
}

/* Interrupts disabled: the decision proper (Linux's order of checks). */
static bool __should_fail(struct fault_attr *attr, ssize_t size)
{
	if (attr->times == 0 || attr->probability == 0)
		return false;
	if (attr->space > size) {
		attr->space -= size;
		return false;
	}
	if (attr->interval > 1) {
		attr->count++;
		if (attr->count % attr->interval)
			return false;
	}
	if (attr->probability <= fault_rnd_next(attr) % 100)
		return false;
	if (attr->times != -1)
		attr->times--;
	attr->injected++;
	return true;
}

/**
 * should_fail_ex - see kernel/include/kernel/fault_inject.h.
 * Context: any.
 */
bool should_fail_ex(struct fault_attr *attr, ssize_t size, int flags)
{
	unsigned long irqflags = arch_local_irq_save();
	bool dump = false, fail;
	long space, times;

	fail = __should_fail(attr, size);
	if (fail && !(flags & FAULT_NOWARN) && attr->verbose)
		dump = fault_ratelimit(attr);
	space = attr->space;
	times = attr->times;
	arch_local_irq_restore(irqflags);
	if (dump)
		fail_dump(attr, space, times);
	return fail;
}

/**
 * fault_attr_set - see kernel/include/kernel/fault_inject.h.
 * Context: any.
 */
void fault_attr_set(struct fault_attr *attr, unsigned long interval,
		    unsigned long probability, long space, long times, u64 seed)
{
	unsigned long irqflags = arch_local_irq_save();

	attr->interval = interval ? interval : 1;
	attr->probability = probability > 100 ? 100 : probability;
	attr->space = space;
	attr->times = times;
	attr->seed = seed;
	attr->rnd_state = seed;
	attr->count = 0;
	attr->injected = 0;
	arch_local_irq_restore(irqflags);
}

/**
 * setup_fault_attr - parse Linux's "<interval>,<probability>,<space>,<times>"
 * into @attr (the boot parameter handlers of fail_page_alloc and failslab).
 * Context: boot.
 * Return: 0, or -EINVAL (with Linux's warning) if @str does not parse.
 */
int setup_fault_attr(struct fault_attr *attr, const char *str)
{
	long long v[4];
	char buf[32];

	for (int i = 0; i < 4; i++) {
		const char *end = str ? strchr(str, i < 3 ? ',' : '\0') : NULL;
		size_t len = end ? (size_t)(end - str) : 0;

		if (!end || !len || len >= sizeof(buf))
			goto bad;
		memcpy(buf, str, len);
		buf[len] = '\0';
		if (kstrtoll(buf, 0, &v[i]) || (i < 3 && v[i] < 0))
			goto bad;
		str = end + 1;
	}
	fault_attr_set(attr, v[0], v[1], v[2], v[3], attr->seed);
	return 0;
bad:
	pr_warn("failed to parse arguments\n");
	return -EINVAL;
}

/**
 * setup_fault_seed - parse a seed (a decimal or 0x number) into @attr.
 * Context: boot. Return: 0 or -EINVAL.
 */
int setup_fault_seed(struct fault_attr *attr, const char *str)
{
	unsigned long long seed;

	if (!str || kstrtoull(str, 0, &seed)) {
		pr_warn("failed to parse seed\n");
		return -EINVAL;
	}
	attr->seed = seed;
	attr->rnd_state = seed;
	return 0;
}
