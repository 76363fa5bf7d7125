/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks, as Linux's include/linux/spinlock.h with CONFIG_DEBUG_SPINLOCK
 * (kernel/spinlock.c). Taking a lock disables preemption (so the holder is
 * never switched away); the _irqsave/_irq forms also disable interrupts
 * (for data an interrupt handler touches too), the _bh forms softirqs
 * (for data a softirq, tasklet or timer touches too).
 *
 * Checks that are always on, reported in Linux's words:
 *   "BUG: spinlock recursion on CPU#0, <comm>/<pid>"  taking a lock this CPU
 *       already holds (the classic case: an interrupt handler takes a lock
 *       the interrupted code holds without _irqsave). On a real machine
 *       that is a silent hang; here the report is printed, the nested
 *       acquisition is absorbed (its unlock releases nothing), and the
 *       kernel goes on;
 *   "BUG: spinlock already unlocked on CPU#0, ..."  unlocking a free lock;
 *   "BUG: spinlock wrong owner on CPU#0, ..."       unlocking another task's lock;
 *   "BUG: spinlock bad magic on CPU#0, ..."         an uninitialised lock.
 * Each report shows the lock, its owner and a backtrace.
 *
 * Holding a spinlock makes in_atomic() true: GFP_KERNEL, vmalloc() and
 * anything else that may sleep reports "sleeping function called from
 * invalid context" there. Use GFP_ATOMIC.
 *
 * Context: any; spin_lock_bh() not in hardirq context.
 */
#pragma once

#include <arch/irqflags.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

struct task_struct;

#define SPINLOCK_MAGIC 0xdead4ead

struct spinlock {
	volatile unsigned int locked;
	unsigned int magic;		/* SPINLOCK_MAGIC once initialised */
	int owner_cpu;			/* -1 when free */
	struct task_struct *owner;	/* the task that took it (the interrupted one in irq) */
	unsigned long owner_ip;		/* where it was taken */
	unsigned int recursion;		/* nested acquisitions reported and absorbed */
	const char *name;
};

#define __SPIN_LOCK_UNLOCKED(lockname)						\
	{ .locked = 0, .magic = SPINLOCK_MAGIC, .owner_cpu = -1, .owner = NULL,	\
	  .owner_ip = 0, .recursion = 0, .name = #lockname }

#define DEFINE_SPINLOCK(x) struct spinlock x = __SPIN_LOCK_UNLOCKED(x)

void __spin_lock_init(struct spinlock *lock, const char *name);
#define spin_lock_init(lock) __spin_lock_init(lock, #lock)

/* The out-of-line lock operations; @ip is the caller, for reports. */
void _spin_lock(struct spinlock *lock);
void _spin_unlock(struct spinlock *lock);
unsigned long _spin_lock_irqsave(struct spinlock *lock);
void _spin_unlock_irqrestore(struct spinlock *lock, unsigned long flags);
void _spin_lock_irq(struct spinlock *lock);
void _spin_unlock_irq(struct spinlock *lock);
void _spin_lock_bh(struct spinlock *lock);
void _spin_unlock_bh(struct spinlock *lock);
int _spin_trylock(struct spinlock *lock);

#define spin_lock(lock)			_spin_lock(lock)
#define spin_unlock(lock)		_spin_unlock(lock)
#define spin_lock_irqsave(lock, flags)	((flags) = _spin_lock_irqsave(lock))
#define spin_unlock_irqrestore(lock, flags) _spin_unlock_irqrestore(lock, flags)
#define spin_lock_irq(lock)		_spin_lock_irq(lock)
#define spin_unlock_irq(lock)		_spin_unlock_irq(lock)
#define spin_lock_bh(lock)		_spin_lock_bh(lock)
#define spin_unlock_bh(lock)		_spin_unlock_bh(lock)
/* Return: 1 if the lock was taken, 0 if it is held (never reports recursion). */
#define spin_trylock(lock)		_spin_trylock(lock)

static inline bool spin_is_locked(const struct spinlock *lock)
{
	return READ_ONCE(lock->locked) != 0;
}

/* For functions named *_locked: the caller must hold @lock (a WARN otherwise). */
void assert_spin_locked(const struct spinlock *lock);
#define lockdep_assert_held(lock) assert_spin_locked(lock)

/* Spinlock reports so far (tests compare it before and after). */
extern unsigned long spinlock_bug_count;
