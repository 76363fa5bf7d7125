// SPDX-License-Identifier: MIT
/*
 * The shell's system commands: the log, the memory map, looking at memory
 * and page tables, the test and benchmark runners (reboot and poweroff
 * are in power.c).
 *
 * Lock order: none; only the init task runs the shell.
 */
#include <arch/mmu.h>
#include <arch/multiboot2.h>
#include <arch/pgtable.h>
#include <kernel/bootinfo.h>
#include <kernel/errno.h>
#include <kernel/kallsyms.h>
#include <kernel/kbench.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>

#include "shell_priv.h"

#define PEEK_DEFAULT	64
#define PEEK_MAX	4096

int cmd_dmesg(int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	dmesg();
	return 0;
}

int cmd_memmap(int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	boot_info_print_mmap(&boot_info);
	memblock_dump_all();
	return 0;
}

/* Return: true if every page of [addr, addr + len) is mapped. */
static bool range_mapped(unsigned long addr, unsigned long len)
{
	unsigned long end = addr + len - 1;

	if (end < addr)
		return false;
	for (unsigned long p = addr & PAGE_MASK;; p += PAGE_SIZE) {
		phys_addr_t phys;
		unsigned int flags;
		size_t size;

		if (!arch_mmu_query(p, &phys, &flags, &size)) {
			shell_printf("peek: 0x%lx is not mapped; nothing read\n", max(p, addr));
			return false;
		}
		if (p >= (end & PAGE_MASK))
			return true;
	}
}

int cmd_peek(int argc, char **argv)
{
	unsigned long addr, len = PEEK_DEFAULT;

	if (argc < 2 || argc > 3 || shell_parse_ulong(argv[1], &addr) ||
	    (argc == 3 && shell_parse_size(argv[2], &len)) || !len || len > PEEK_MAX)
		return -EINVAL;
	if (!range_mapped(addr, len))
		return 0;
	for (unsigned long off = 0; off < len; off += 16) {
		const volatile u8 *p = (const volatile u8 *)(addr + off);
		char hex[16 * 3 + 1], ascii[17];
		unsigned int n = min(16UL, len - off);

		memset(hex, ' ', sizeof(hex) - 1);
		hex[sizeof(hex) - 1] = '\0';
		for (unsigned int i = 0; i < n; i++) {
			u8 b = p[i];

			scnprintf(hex + i * 3, 4, "%02x ", b);
			ascii[i] = b >= 0x20 && b < 0x7f ? b : '.';
		}
		if (n < 16)
			hex[n * 3] = ' ';
		ascii[n] = '\0';
		shell_printf("%016lx: %s %s\n", addr + off, hex, ascii);
	}
	return 0;
}

static void print_entry_flags(u64 e, int level)
{
	shell_printf("%s%s%s%s%s%s%s", e & _PAGE_PRESENT ? " P" : " !P", e & _PAGE_RW ? " RW" : " RO",
		     e & _PAGE_USER ? " US" : "", e & _PAGE_PWT ? " PWT" : "",
		     e & _PAGE_PCD ? " PCD" : "", e & _PAGE_ACCESSED ? " A" : "",
		     e & _PAGE_DIRTY ? " D" : "");
	if (level > PG_LEVEL_4K && level < PG_LEVEL_512G && (e & _PAGE_PSE))
		shell_printf(" PSE");
	if (pte_is_leaf(e, level) && (e & _PAGE_GLOBAL))
		shell_printf(" G");
	shell_printf("%s\n", e & _PAGE_NX ? " NX" : "");
}

/* Return: the address named by @s: a number or a kernel symbol; 0 if neither. */
static unsigned long parse_addr(const char *s)
{
	unsigned long addr;

	if (!shell_parse_ulong(s, &addr))
		return addr;
	return kallsyms_lookup_name(s);
}

int cmd_translate(int argc, char **argv)
{
	static const char *const names[] = { "PML4E", "PDPTE", "PDE", "PTE" };
	struct mmu_walk walk;
	unsigned long addr;
	phys_addr_t phys;
	unsigned int flags;
	size_t size;

	if (argc != 2 || !(addr = parse_addr(argv[1])))
		return -EINVAL;
	shell_printf("virtual 0x%lx\n", addr);
	arch_mmu_walk(addr, &walk);
	for (int i = 0; i < walk.levels; i++) {
		int level = PG_LEVEL_512G - i;

		shell_printf("  %-5s[%3u] at 0x%lx = 0x%016llx ->0x%llx", names[i],
			     pg_index(addr, level), walk.entry_addr[i],
			     (unsigned long long)walk.entry[i],
			     (unsigned long long)pte_phys(walk.entry[i], level));
		print_entry_flags(walk.entry[i], level);
	}
	if (!arch_mmu_query(addr, &phys, &flags, &size)) {
		shell_printf("not mapped\n");
		return 0;
	}
	shell_printf("physical 0x%llx, %s page, writable: %s, executable: %s%s\n",
		     (unsigned long long)phys, size == PUD_SIZE ? "1 GiB" : size == PMD_SIZE ? "2 MiB" : "4 KiB",
		     flags & MMU_WRITE ? "yes" : "no", flags & MMU_EXEC ? "yes" : "no",
		     flags & MMU_GLOBAL ? ", global" : "");
	return 0;
}

/* Join argv[1..] with commas into @buf; "all" when there are none. */
static void join_args(int argc, char **argv, char *buf, size_t size)
{
	size_t n = 0;

	strscpy(buf, "all", size);
	for (int i = 1; i < argc; i++)
		n += scnprintf(buf + n, size - n, "%s%s", i > 1 ? "," : "", argv[i]);
}

int cmd_test(int argc, char **argv)
{
	char filter[SHELL_LINE_MAX];
	unsigned int pass, fail, skip;
	int failed;

	join_args(argc, argv, filter, sizeof(filter));
	failed = ktest_run(filter);
	ktest_totals(&pass, &fail, &skip);
	shell_printf("test: %u passed, %u failed, %u skipped; %d suite(s) failed\n",
		     pass, fail, skip, failed);
	return 0;
}

int cmd_bench(int argc, char **argv)
{
	char filter[SHELL_LINE_MAX];
	int failures;

	join_args(argc, argv, filter, sizeof(filter));
	failures = kbench_run(filter, 1);
	shell_printf("bench: done, %d failure(s)\n", failures);
	return 0;
}
