/* SPDX-License-Identifier: MIT */
/*
 * The host layer under the real mm/ code (tests/host/mm): a fake machine
 * in one process, for unit tests and fuzzers.
 *
 *   host_mmu.c     fake physical memory (a memfd; fake physical address X
 *                  is file offset X), the direct map at PAGE_OFFSET, and
 *                  the arch MMU API (<arch/mmu.h>) as a recorder that also
 *                  maps the memfd at every virtual address it is asked to,
 *                  so vmalloc aliases share bytes with the direct map;
 *                  page-table pages are taken from the installed allocator
 *                  (memblock, then the buddy allocator) one per 2 MiB of
 *                  mapped kernel space outside the direct map, as x86
 *                  would need a PTE table there, and kept.
 *   host_kernel.c  what mm/ needs from kernel/: printk, panic/BUG/WARN,
 *                  spinlocks, preempt count, might_sleep, the current task,
 *                  wait queues, the workqueue, jiffies, backtraces, symbols.
 *
 * Single-threaded; the fake CPU never takes an interrupt.
 */
#pragma once

#include <kernel/bootinfo.h>
#include <kernel/types.h>

/* The default machine: 64 MiB at 0 (DMA and DMA32, with the usual holes) and 32 MiB at 4 GiB (Normal). */
#define HOST_MM_LOW_MB 64
#define HOST_MM_HIGH_MB 32

/*
 * host_mm_boot - build the default machine and run the kernel's mm_init():
 * memblock from the map, struct pages, zones, buddy, slab, vmalloc. Once
 * per process; later calls do nothing.
 */
void host_mm_boot(void);
/* The same with @low_mb MiB at 0 and @high_mb MiB at 4 GiB (0: no ZONE_NORMAL). */
void host_mm_boot_sizes(unsigned long low_mb, unsigned long high_mb);

/*
 * host_arena_init - reserve the kernel windows, create the fake physical
 * memory covering every BOOT_MEM_AVAILABLE entry of @map, map those at
 * PAGE_OFFSET and fill boot_info's memory map. Called by host_mm_boot();
 * a test that drives memblock by itself may call it alone. Exits with a
 * message if the windows cannot be reserved.
 */
void host_arena_init(const struct boot_mmap_entry *map, unsigned int n);
/* Bytes of the fake physical memory file (the highest RAM address, rounded). */
extern u64 host_phys_size;

/* Recorder statistics. */
extern unsigned long host_tlb_flushes;		/* flush_tlb_kernel_range() + flush_tlb_all() */
extern unsigned long host_mmu_mapped_pages;	/* 4 KiB entries now present outside the direct map */

/* ---- host_kernel.c ---- */

/* Quiet: printk output is counted and captured but not written to stdout (fuzzers). */
void host_printk_set_quiet(bool quiet);
/* Lines printk started so far. */
extern unsigned long host_printk_lines;
/* Advance jiffies by @ticks and run the timers that expired. Return: how many ran. */
unsigned long host_run_timers(unsigned long ticks);
/* Run every work item schedule_work() queued. Return: how many ran. */
unsigned long host_run_work(void);
