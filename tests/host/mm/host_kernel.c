// SPDX-License-Identifier: MIT
/*
 * What mm/ needs from kernel/, for the host build (see host_mm.h): one CPU,
 * one task ("init", pid 1), system_state SYSTEM_RUNNING so might_sleep()
 * checks are live, no interrupts and no other task. Reports use the
 * kernel's words; they go to stdout as TAP diagnostics ("# ...") unless
 * host_printk_set_quiet(true).
 *
 * Sleeping: there is nobody to wake us, so schedule() returns at once (a
 * spurious wake-up, which every wait loop tolerates) and schedule_timeout()
 * lets the whole timeout pass (jiffies advance by it).
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <arch/cpu.h>
#include <arch/stacktrace.h>
#include <arch/traps.h>
#include <arch/tsc.h>
#include <kernel/compiler.h>
#include <kernel/jiffies.h>
#include <kernel/kallsyms.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <kernel/wait.h>
#include <kernel/workqueue.h>

#include "host_mm.h"

/* ---- CPU state ---- */

unsigned long host_eflags = X86_EFLAGS_IF;
unsigned long host_cr[5] = { X86_CR0_WP, 0, 0, 0, X86_CR4_PGE };
unsigned long tsc_khz = 1000000;

void tsc_init(void)
{
}

u64 tsc_cycles_to_ns(u64 cycles)
{
	return cycles * 1000000 / tsc_khz;
}

/* ---- printk ---- */

#define HOST_PRINTK_MAX 1024

unsigned long host_printk_lines;
static bool host_quiet;
static bool host_at_line_start = true;
static struct printk_capture *host_capture;

void host_printk_set_quiet(bool quiet)
{
	host_quiet = quiet;
}

static const char *strip_level(const char *s, bool *cont)
{
	*cont = false;
	while (s[0] == KERN_SOH[0] && s[1]) {
		if (s[1] == KERN_CONT[1])
			*cont = true;
		s += 2;
	}
	return s;
}

static void capture_append(const char *s, size_t len)
{
	for (struct printk_capture *cap = host_capture; cap; cap = cap->prev) {
		size_t n;

		if (!cap->size || cap->len >= cap->size - 1)
			continue;
		n = min(len, cap->size - 1 - cap->len);
		memcpy(cap->buf + cap->len, s, n);
		cap->len += n;
		cap->buf[cap->len] = '\0';
	}
}

/* Write @s, opening every line with "# " so no message looks like a TAP result. */
static void write_diag(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (host_at_line_start) {
			host_printk_lines++;
			if (!host_quiet)
				fputs("# ", stdout);
		}
		if (!host_quiet)
			putchar(s[i]);
		host_at_line_start = s[i] == '\n';
	}
	if (!host_quiet)
		fflush(stdout);
}

int vprintk(const char *fmt, va_list args)
{
	char buf[HOST_PRINTK_MAX];
	const char *text;
	bool cont;
	size_t len;

	if (vsnprintf(buf, sizeof(buf), fmt, args) >= (int)sizeof(buf))
		buf[sizeof(buf) - 2] = '\n';
	text = strip_level(buf, &cont);
	len = strlen(text);
	if (!cont && !host_at_line_start)
		write_diag("\n", 1);
	capture_append(text, len);
	write_diag(text, len);
	return (int)len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int ret;

	va_start(args, fmt);
	ret = vprintk(fmt, args);
	va_end(args);
	return ret;
}

void printk_capture_start(struct printk_capture *cap, char *buf, size_t size)
{
	cap->buf = buf;
	cap->size = size;
	cap->len = 0;
	if (size)
		buf[0] = '\0';
	cap->prev = host_capture;
	host_capture = cap;
}

void printk_capture_stop(struct printk_capture *cap)
{
	if (host_capture == cap)
		host_capture = cap->prev;
}

void printk_capture_reset(void)
{
	host_capture = NULL;
}

size_t log_buf_read(char *buf __maybe_unused, size_t size __maybe_unused)
{
	return 0;
}

void hex_dump(const char *prefix, const void *addr, size_t len)
{
	const u8 *p = addr;

	for (size_t off = 0; off < len; off += 16) {
		char line[128];
		int n = scnprintf(line, sizeof(line), "%s%016lx: ", prefix, (unsigned long)(p + off));

		for (size_t i = 0; i < 16; i++)
			n += off + i < len ? scnprintf(line + n, sizeof(line) - n, "%02x ", p[off + i])
					   : scnprintf(line + n, sizeof(line) - n, "   ");
		n += scnprintf(line + n, sizeof(line) - n, " ");
		for (size_t i = 0; i < 16 && off + i < len; i++)
			n += scnprintf(line + n, sizeof(line) - n, "%c",
				       p[off + i] >= 0x20 && p[off + i] < 0x7f ? p[off + i] : '.');
		printk(KERN_ERR "%s\n", line);
	}
}

/* ---- symbols and backtraces ---- */

/* Names come from the dynamic symbol table: link with -rdynamic. Sizes are unknown (0). */
bool kallsyms_lookup(unsigned long addr, const char **name, unsigned long *offset,
		     unsigned long *size)
{
	Dl_info info;

	if (!dladdr((void *)addr, &info) || !info.dli_sname || !info.dli_saddr)
		return false;
	*name = info.dli_sname;
	*offset = addr - (unsigned long)info.dli_saddr;
	*size = 0;
	return true;
}

unsigned long kallsyms_lookup_name(const char *name)
{
	return (unsigned long)dlsym(RTLD_DEFAULT, name);
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	return scnprintf(buf, size, "%pS", (void *)addr);
}

int sprint_symbol_no_offset(char *buf, size_t size, unsigned long addr)
{
	return scnprintf(buf, size, "%ps", (void *)addr);
}

bool (*stack_range_extra)(unsigned long addr, size_t size);

void show_stack_from(unsigned long rip, unsigned long rbp __maybe_unused)
{
	void **fp = __builtin_frame_address(0);

	printk(KERN_DEFAULT "Call Trace:\n");
	if (rip)
		printk(KERN_DEFAULT " %pS\n", (void *)rip);
	/* Frame pointers are kept (-fno-omit-frame-pointer): walk a few frames. */
	for (int i = 0; i < 8 && fp && stack_range_ok((unsigned long)fp, 16); i++) {
		if (!fp[1])
			break;
		printk(KERN_DEFAULT " %pS\n", fp[1]);
		if ((void **)fp[0] <= fp)
			break;
		fp = fp[0];
	}
}

unsigned int stack_trace_save_from(unsigned long *store, unsigned int size, unsigned long rip,
				   unsigned long rbp __maybe_unused)
{
	void **fp = __builtin_frame_address(0);
	unsigned int n = 0;

	if (rip && n < size)
		store[n++] = rip;
	for (; n < size && fp && stack_range_ok((unsigned long)fp, 16) && fp[1]; fp = fp[0]) {
		store[n++] = (unsigned long)fp[1];
		if ((void **)fp[0] <= fp)
			break;
	}
	return n;
}

void show_regs(const struct pt_regs *regs __maybe_unused)
{
	printk(KERN_DEFAULT "(no registers on the host)\n");
}

void dump_stack(void)
{
	show_stack_from(0, 0);
}

bool stack_range_ok(unsigned long addr, size_t size)
{
	static unsigned long lo, hi;

	if (!hi) {
		pthread_attr_t attr;
		void *base;
		size_t len;

		if (pthread_getattr_np(pthread_self(), &attr) ||
		    pthread_attr_getstack(&attr, &base, &len))
			return false;
		pthread_attr_destroy(&attr);
		lo = (unsigned long)base;
		hi = lo + len;
	}
	if (addr >= lo && addr < hi && size <= hi - addr)
		return true;
	return stack_range_extra && stack_range_extra(addr, size);
}

/* ---- panic, BUG, WARN ---- */

unsigned long warn_count;
int panic_in_progress;
void (*panic_exit_hook)(void);

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list args;

	panic_in_progress = 1;
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	host_quiet = false;
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	fflush(stdout);
	abort();
}

void __bug(const char *file, int line)
{
	host_quiet = false;
	printk(KERN_EMERG "kernel BUG at %s:%d!\n", file, line);
	panic("BUG");
}

void __warn(const char *file, int line, const char *fmt, ...)
{
	va_list args;

	warn_count++;
	printk(KERN_WARNING "------------[ cut here ]------------\n");
	if (fmt) {
		char buf[256];

		va_start(args, fmt);
		vsnprintf(buf, sizeof(buf), fmt, args);
		va_end(args);
		printk(KERN_WARNING "%s", buf);
	}
	printk(KERN_WARNING "WARNING: CPU: 0 PID: 1 at %s:%d %pS\n", file, line,
	       __builtin_return_address(0));
	dump_stack();
	printk(KERN_WARNING "---[ end trace %016lx ]---\n", warn_count);
}

/* ---- tasks, preemption, sleeping ---- */

static struct task_struct init_task = {
	.__state = TASK_RUNNING,
	.pid = 1,
	.comm = "init",
	.on_rq = true,
	.usage = 1,
};

struct task_struct *current_task = &init_task;
enum system_states system_state = SYSTEM_RUNNING;
unsigned int __preempt_count;
unsigned long preempt_disable_ip;
bool __need_resched;
unsigned long might_sleep_report_count;
volatile unsigned long jiffies;

void preempt_count_underflow(unsigned int val, unsigned long ip)
{
	printk(KERN_ERR "BUG: preempt_count underflow: %u - %u at %pS\n", __preempt_count, val,
	       (void *)ip);
	dump_stack();
}

void preempt_schedule(void)
{
	__need_resched = false;
}

void __might_sleep(const char *file, int line)
{
	might_sleep_report_count++;
	printk(KERN_ERR "BUG: sleeping function called from invalid context at %s:%d\n", file,
	       line);
	printk(KERN_ERR "in_atomic(): %d, irqs_disabled(): %d, non_block: 0, pid: %d, name: %s\n",
	       in_atomic() ? 1 : 0, irqs_disabled() ? 1 : 0, current->pid, current->comm);
	printk(KERN_ERR "preempt_count: %x, expected: 0\n", preempt_count());
	dump_stack();
}

void schedule(void)
{
	if (in_atomic())
		printk(KERN_ERR "BUG: scheduling while atomic: %s/%d/0x%08x\n", current->comm,
		       current->pid, preempt_count());
	__set_current_state(TASK_RUNNING);	/* nobody else runs: a spurious wake-up */
}

long schedule_timeout(long timeout)
{
	if (timeout != MAX_SCHEDULE_TIMEOUT)
		jiffies += (unsigned long)timeout;
	schedule();
	return timeout == MAX_SCHEDULE_TIMEOUT ? timeout : 0;
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void yield(void)
{
}

int cond_resched(void)
{
	return 0;
}

bool wake_up_state(struct task_struct *p, unsigned int state)
{
	if (!(task_state(p) & state))
		return false;
	WRITE_ONCE(p->__state, TASK_RUNNING);
	return true;
}

bool wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_NORMAL | TASK_NEW);
}

void get_task_struct(struct task_struct *t)
{
	t->usage++;
}

void put_task_struct(struct task_struct *t)
{
	t->usage--;
}

/* ---- spinlocks (one CPU: a held lock taken again is reported, as the kernel does) ---- */

unsigned long spinlock_bug_count;

void __spin_lock_init(struct spinlock *lock, const char *name)
{
	*lock = (struct spinlock)__SPIN_LOCK_UNLOCKED(lock);
	lock->name = name;
}

static void spin_bug(struct spinlock *lock, const char *msg)
{
	spinlock_bug_count++;
	printk(KERN_EMERG "BUG: spinlock %s on CPU#0, %s/%d\n", msg, current->comm, current->pid);
	printk(KERN_EMERG " lock: %s, .magic: %08x, .owner: %s/%d, .owner_cpu: %d\n",
	       lock->name ? lock->name : "?", lock->magic,
	       lock->owner ? lock->owner->comm : "<none>", lock->owner ? lock->owner->pid : -1,
	       lock->owner_cpu);
	dump_stack();
}

static void do_raw_lock(struct spinlock *lock, unsigned long ip)
{
	if (lock->magic != SPINLOCK_MAGIC)
		spin_bug(lock, "bad magic");
	if (lock->locked) {
		spin_bug(lock, "recursion");
		lock->recursion++;
		return;
	}
	lock->locked = 1;
	lock->owner_cpu = 0;
	lock->owner = current;
	lock->owner_ip = ip;
}

static void do_raw_unlock(struct spinlock *lock)
{
	if (lock->magic != SPINLOCK_MAGIC)
		spin_bug(lock, "bad magic");
	if (lock->recursion) {
		lock->recursion--;
		return;
	}
	if (!lock->locked) {
		spin_bug(lock, "already unlocked");
		return;
	}
	lock->locked = 0;
	lock->owner_cpu = -1;
	lock->owner = NULL;
}

void _spin_lock(struct spinlock *lock)
{
	preempt_disable();
	do_raw_lock(lock, _RET_IP_);
}

void _spin_unlock(struct spinlock *lock)
{
	do_raw_unlock(lock);
	preempt_enable();
}

unsigned long _spin_lock_irqsave(struct spinlock *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	do_raw_lock(lock, _RET_IP_);
	return flags;
}

void _spin_unlock_irqrestore(struct spinlock *lock, unsigned long flags)
{
	do_raw_unlock(lock);
	local_irq_restore(flags);
	preempt_enable();
}

void _spin_lock_irq(struct spinlock *lock)
{
	local_irq_disable();
	preempt_disable();
	do_raw_lock(lock, _RET_IP_);
}

void _spin_unlock_irq(struct spinlock *lock)
{
	do_raw_unlock(lock);
	local_irq_enable();
	preempt_enable();
}

void _spin_lock_bh(struct spinlock *lock)
{
	preempt_count_add(SOFTIRQ_LOCK_OFFSET);
	do_raw_lock(lock, _RET_IP_);
}

void _spin_unlock_bh(struct spinlock *lock)
{
	do_raw_unlock(lock);
	preempt_count_sub(SOFTIRQ_LOCK_OFFSET);
}

int _spin_trylock(struct spinlock *lock)
{
	if (lock->locked)
		return 0;
	_spin_lock(lock);
	return 1;
}

void assert_spin_locked(const struct spinlock *lock)
{
	WARN(!lock->locked, "assert_spin_locked: %s is not held\n", lock->name);
}

/* ---- wait queues ---- */

void init_waitqueue_head(struct wait_queue_head *wq_head)
{
	spin_lock_init(&wq_head->lock);
	INIT_LIST_HEAD(&wq_head->head);
}

int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode,
			  int flags __maybe_unused, void *key __maybe_unused)
{
	return wake_up_state(wq_entry->private, mode);
}

int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			     void *key)
{
	int ret = default_wake_function(wq_entry, mode, flags, key);

	if (ret)
		list_del_init(&wq_entry->entry);
	return ret;
}

void init_wait_entry(struct wait_queue_entry *wq_entry, int flags)
{
	wq_entry->flags = flags;
	wq_entry->private = current;
	wq_entry->func = autoremove_wake_function;
	INIT_LIST_HEAD(&wq_entry->entry);
}

void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry)
{
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	list_add(&wq_entry->entry, &wq_head->head);
}

void add_wait_queue_exclusive(struct wait_queue_head *wq_head,
			      struct wait_queue_entry *wq_entry)
{
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	list_add_tail(&wq_entry->entry, &wq_head->head);
}

void remove_wait_queue(struct wait_queue_head *wq_head __maybe_unused,
		       struct wait_queue_entry *wq_entry)
{
	list_del_init(&wq_entry->entry);
}

void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
		     int state)
{
	wq_entry->flags &= ~WQ_FLAG_EXCLUSIVE;
	if (list_empty(&wq_entry->entry))
		list_add(&wq_entry->entry, &wq_head->head);
	set_current_state(state);
}

void prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state)
{
	wq_entry->flags |= WQ_FLAG_EXCLUSIVE;
	if (list_empty(&wq_entry->entry))
		list_add_tail(&wq_entry->entry, &wq_head->head);
	set_current_state(state);
}

void finish_wait(struct wait_queue_head *wq_head __maybe_unused,
		 struct wait_queue_entry *wq_entry)
{
	__set_current_state(TASK_RUNNING);
	if (!list_empty(&wq_entry->entry))
		list_del_init(&wq_entry->entry);
}

void __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive,
	       void *key)
{
	struct wait_queue_entry *curr, *next;

	list_for_each_entry_safe(curr, next, &wq_head->head, entry) {
		unsigned int flags = curr->flags;

		if (curr->func(curr, mode, 0, key) && (flags & WQ_FLAG_EXCLUSIVE) &&
		    !--nr_exclusive)
			break;
	}
}

/* ---- the workqueue: items wait until host_run_work() (the "kworker") ---- */

static LIST_HEAD(host_work_list);
unsigned long workqueue_work_done;

bool schedule_work(struct work_struct *work)
{
	if (work->pending)
		return false;
	work->pending = true;
	list_add_tail(&work->entry, &host_work_list);
	return true;
}

unsigned long host_run_work(void)
{
	unsigned long n = 0;

	while (!list_empty(&host_work_list)) {
		struct work_struct *work = list_first_entry(&host_work_list, struct work_struct,
							    entry);

		list_del_init(&work->entry);
		work->pending = false;
		work->func(work);
		workqueue_work_done++;
		n++;
	}
	return n;
}

bool flush_work(struct work_struct *work)
{
	bool was = work->pending;

	if (was)
		host_run_work();
	return was;
}

bool cancel_work_sync(struct work_struct *work)
{
	bool was = work->pending;

	if (was) {
		list_del_init(&work->entry);
		work->pending = false;
	}
	return was;
}

void flush_scheduled_work(void)
{
	host_run_work();
}

void workqueue_init(void)
{
}

/* ---- time and timers: jiffies move only when a test (or a sleep) moves them ---- */

u64 ktime_get_ns(void)
{
	return jiffies_to_nsecs(jiffies);
}

static LIST_HEAD(host_timer_list);

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *), u32 flags)
{
	INIT_LIST_HEAD(&timer->entry);
	timer->function = func;
	timer->flags = flags;
	timer->expires = 0;
}

int del_timer(struct timer_list *timer)
{
	bool was = timer_pending(timer);

	if (was)
		list_del_init(&timer->entry);
	return was;
}

int del_timer_sync(struct timer_list *timer)
{
	return del_timer(timer);
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	int was = del_timer(timer);

	timer->expires = expires;
	list_add_tail(&timer->entry, &host_timer_list);
	return was;
}

void add_timer(struct timer_list *timer)
{
	mod_timer(timer, timer->expires);
}

unsigned long host_run_timers(unsigned long ticks)
{
	unsigned long n = 0;
	struct timer_list *t, *next;

	jiffies += ticks;
	list_for_each_entry_safe(t, next, &host_timer_list, entry) {
		if (time_after(t->expires, jiffies))
			continue;
		list_del_init(&t->entry);
		t->function(t);
		n++;
	}
	return n;
}
