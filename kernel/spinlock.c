// SPDX-License-Identifier: MIT
/*
 * Spinlocks with Linux's CONFIG_DEBUG_SPINLOCK checks always on (see
 * kernel/include/kernel/spinlock.h for what is reported and why).
 *
 * One CPU runs the kernel, so a lock found held when taking it can only be
 * held by this CPU: by the same code path (a recursion), or by the code an
 * interrupt handler or softirq interrupted. Both would spin forever on
 * real hardware; both are reported as a recursion and absorbed.
 *
 * Lock order: each lock's own fields are changed only by its holder with
 * preemption (and for the _irq forms interrupts) disabled.
 */
#include <arch/cpu.h>
#include <arch/stacktrace.h>
#include <kernel/interrupt.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>

unsigned long spinlock_bug_count;

void __spin_lock_init(struct spinlock *lock, const char *name)
{
	lock->locked = 0;
	lock->magic = SPINLOCK_MAGIC;
	lock->owner_cpu = -1;
	lock->owner = NULL;
	lock->owner_ip = 0;
	lock->recursion = 0;
	lock->name = name;
}

static void spin_dump(const struct spinlock *lock, const char *msg)
{
	const struct task_struct *owner = lock->owner;

	spinlock_bug_count++;
	printk(KERN_EMERG "BUG: spinlock %s on CPU#0, %s/%d\n", msg, current->comm,
	       task_pid_nr(current));
	printk(KERN_EMERG " lock: %pS, .magic: %08x, .owner: %s/%d, .owner_cpu: %d\n", lock,
	       lock->magic, owner ? owner->comm : "<none>", owner ? task_pid_nr(owner) : -1,
	       lock->owner_cpu);
	if (lock->owner_ip)
		printk(KERN_EMERG " lock taken at: %pS\n", (void *)lock->owner_ip);
	dump_stack();
}

/* Return: true to take the lock, false if the acquisition is absorbed. */
static bool debug_spin_lock_before(struct spinlock *lock)
{
	if (unlikely(lock->magic != SPINLOCK_MAGIC)) {
		spin_dump(lock, "bad magic");
		__spin_lock_init(lock, "?");
	}
	if (unlikely(READ_ONCE(lock->locked))) {
		spin_dump(lock, "recursion");
		lock->recursion++;
		return false;
	}
	return true;
}

static void do_raw_spin_lock(struct spinlock *lock, unsigned long ip)
{
	if (!debug_spin_lock_before(lock))
		return;
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	lock->owner_cpu = 0;
	lock->owner = current;
	lock->owner_ip = ip;
}

static void do_raw_spin_unlock(struct spinlock *lock)
{
	if (unlikely(lock->magic != SPINLOCK_MAGIC)) {
		spin_dump(lock, "bad magic");
		return;
	}
	if (unlikely(!READ_ONCE(lock->locked))) {
		spin_dump(lock, "already unlocked");
		return;
	}
	if (lock->recursion) {
		lock->recursion--;	/* the nested acquisition that was absorbed */
		return;
	}
	if (unlikely(lock->owner != current))
		spin_dump(lock, "wrong owner");
	lock->owner = NULL;
	lock->owner_cpu = -1;
	lock->owner_ip = 0;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

void _spin_lock(struct spinlock *lock)
{
	__preempt_count_add(1, _RET_IP_);
	do_raw_spin_lock(lock, _RET_IP_);
}

void _spin_unlock(struct spinlock *lock)
{
	do_raw_spin_unlock(lock);
	preempt_enable();
}

unsigned long _spin_lock_irqsave(struct spinlock *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	__preempt_count_add(1, _RET_IP_);
	do_raw_spin_lock(lock, _RET_IP_);
	return flags;
}

void _spin_unlock_irqrestore(struct spinlock *lock, unsigned long flags)
{
	do_raw_spin_unlock(lock);
	local_irq_restore(flags);
	preempt_enable();
}

void _spin_lock_irq(struct spinlock *lock)
{
	local_irq_disable();
	__preempt_count_add(1, _RET_IP_);
	do_raw_spin_lock(lock, _RET_IP_);
}

void _spin_unlock_irq(struct spinlock *lock)
{
	do_raw_spin_unlock(lock);
	local_irq_enable();
	preempt_enable();
}

void _spin_lock_bh(struct spinlock *lock)
{
	__local_bh_disable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	do_raw_spin_lock(lock, _RET_IP_);
}

void _spin_unlock_bh(struct spinlock *lock)
{
	do_raw_spin_unlock(lock);
	__local_bh_enable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
}

int _spin_trylock(struct spinlock *lock)
{
	__preempt_count_add(1, _RET_IP_);
	if (lock->magic == SPINLOCK_MAGIC &&
	    !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
		lock->owner_cpu = 0;
		lock->owner = current;
		lock->owner_ip = _RET_IP_;
		return 1;
	}
	preempt_enable();
	return 0;
}

void assert_spin_locked(const struct spinlock *lock)
{
	WARN(!spin_is_locked(lock), "lock %s is not held (caller %pS)\n",
	     lock->name ? lock->name : "?", (void *)_RET_IP_);
}
