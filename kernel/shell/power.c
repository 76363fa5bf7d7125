// SPDX-License-Identifier: MIT
/*
 * reboot and poweroff.
 *
 * poweroff enters ACPI S5: the RSDP (copied from multiboot2) gives the
 * XSDT or RSDT, that the FADT (signature "FACP"), that the PM1a/PM1b
 * control ports and the DSDT, whose \_S5 package holds SLP_TYPa/b; writing
 * SLP_TYP | SLP_EN to PM1x_CNT switches off. Tables outside the direct
 * map are mapped read-only at their direct-map address for the lookup and
 * unmapped after. Fallbacks: the QEMU/Bochs/VirtualBox ACPI ports, the
 * QEMU exit device, then halt.
 *
 * reboot pulses reset through the i8042 keyboard controller and falls back
 * to a triple fault.
 *
 * Lock order: none; only the init task runs the shell.
 */
#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/irqflags.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <drivers/qemu_exit.h>
#include <drivers/serial.h>
#include <kernel/bootinfo.h>
#include <kernel/delay.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "shell_priv.h"

#define ACPI_MAP_PAGES		128	/* 512 KiB of tables at most */
#define ACPI_TABLE_MAX		(256UL * 1024)
#define ACPI_HDR_LEN		36
#define FADT_SMI_CMD		48
#define FADT_ACPI_ENABLE	52
#define FADT_PM1A_CNT		64
#define FADT_PM1B_CNT		68
#define FADT_DSDT		40
#define FADT_X_DSDT		140
#define ACPI_SLP_EN		(1u << 13)
#define ACPI_SCI_EN		1u
#define AML_NAME_OP		0x08
#define AML_PACKAGE_OP		0x12
#define AML_BYTE_PREFIX		0x0a

static unsigned long acpi_mapped[ACPI_MAP_PAGES];	/* pages we mapped */
static unsigned int acpi_nr_mapped;

/* Return: [phys, phys + len) readable through the direct map, or NULL. */
static const u8 *acpi_map(u64 phys, size_t len)
{
	unsigned long va = PAGE_OFFSET + phys;
	phys_addr_t pa;
	unsigned int flags;
	size_t size;

	if (!phys || !len || phys + len > (1ULL << cpu_phys_bits()))
		return NULL;
	for (unsigned long p = va & PAGE_MASK; p < va + len; p += PAGE_SIZE) {
		if (arch_mmu_query(p, &pa, &flags, &size))
			continue;
		if (acpi_nr_mapped == ACPI_MAP_PAGES ||
		    arch_mmu_map(p, p - PAGE_OFFSET, PAGE_SIZE, PAGE_KERNEL_RO | MMU_SMALL))
			return NULL;
		acpi_mapped[acpi_nr_mapped++] = p;
	}
	return (const u8 *)va;
}

static void acpi_unmap_all(void)
{
	for (unsigned int i = 0; i < acpi_nr_mapped; i++) {
		arch_mmu_unmap(acpi_mapped[i], PAGE_SIZE);
		flush_tlb_kernel_range(acpi_mapped[i], acpi_mapped[i] + PAGE_SIZE);
	}
	acpi_nr_mapped = 0;
}

/* Return: the whole table at @phys if its signature is @sig, else NULL. */
static const u8 *acpi_table(u64 phys, const char *sig)
{
	const u8 *t = acpi_map(phys, ACPI_HDR_LEN);
	u32 len;

	if (!t || memcmp(t, sig, 4))
		return NULL;
	len = *(const u32 *)(t + 4);
	if (len < ACPI_HDR_LEN || len > ACPI_TABLE_MAX)
		return NULL;
	return acpi_map(phys, len);
}

/* Return: the FADT through the XSDT (ACPI 2+) or the RSDT, or NULL. */
static const u8 *find_fadt(void)
{
	const u8 *sdt = NULL;
	unsigned int width = 8;

	if (boot_info.has_rsdp_v2 && boot_info.rsdp_v2[15] >= 2)
		sdt = acpi_table(*(const u64 *)(boot_info.rsdp_v2 + 24), "XSDT");
	if (!sdt) {
		const u8 *rsdp = boot_info.has_rsdp_v2 ? boot_info.rsdp_v2 :
				 boot_info.has_rsdp_v1 ? boot_info.rsdp_v1 : NULL;

		width = 4;
		sdt = rsdp ? acpi_table(*(const u32 *)(rsdp + 16), "RSDT") : NULL;
	}
	if (!sdt)
		return NULL;
	for (u32 off = ACPI_HDR_LEN; off + width <= *(const u32 *)(sdt + 4); off += width) {
		u64 phys = width == 8 ? *(const u64 *)(sdt + off) : *(const u32 *)(sdt + off);
		const u8 *t = acpi_table(phys, "FACP");

		if (t)
			return t;
	}
	return NULL;
}

/* Find "Name(_S5_, Package(){a, b, ...})" in the DSDT's AML. Return: 0 or -ENOENT. */
static int find_s5(const u8 *dsdt, u8 *typa, u8 *typb)
{
	u32 len = *(const u32 *)(dsdt + 4);

	for (u32 i = ACPI_HDR_LEN + 1; i + 12 < len; i++) {
		const u8 *p = dsdt + i;

		if (memcmp(p, "_S5_", 4) || p[4] != AML_PACKAGE_OP ||
		    !(p[-1] == AML_NAME_OP || (p[-1] == '\\' && p[-2] == AML_NAME_OP)))
			continue;
		p += 5;
		p += ((*p & 0xc0) >> 6) + 1;	/* PkgLength */
		p++;				/* NumElements */
		if (*p == AML_BYTE_PREFIX)
			p++;
		*typa = *p++;
		if (*p == AML_BYTE_PREFIX)
			p++;
		*typb = *p;
		return 0;
	}
	return -ENOENT;
}

/* Try ACPI S5. Return: only if it did not switch off (or found no tables). */
static void acpi_poweroff(void)
{
	const u8 *fadt = find_fadt(), *dsdt = NULL;
	u32 flen, pm1a, pm1b;
	u8 typa, typb;

	if (!fadt) {
		shell_printf("poweroff: no ACPI FADT found\n");
		goto out;
	}
	flen = *(const u32 *)(fadt + 4);
	if (flen >= FADT_X_DSDT + 8)
		dsdt = acpi_table(*(const u64 *)(fadt + FADT_X_DSDT), "DSDT");
	if (!dsdt)
		dsdt = acpi_table(*(const u32 *)(fadt + FADT_DSDT), "DSDT");
	pm1a = *(const u32 *)(fadt + FADT_PM1A_CNT);
	pm1b = *(const u32 *)(fadt + FADT_PM1B_CNT);
	if (!dsdt || !pm1a || pm1a > 0xffff || pm1b > 0xffff || find_s5(dsdt, &typa, &typb)) {
		shell_printf("poweroff: no usable \\_S5 object or PM1a_CNT in the ACPI tables\n");
		goto out;
	}
	if (!(inw(pm1a) & ACPI_SCI_EN) && *(const u32 *)(fadt + FADT_SMI_CMD) &&
	    fadt[FADT_ACPI_ENABLE]) {
		outb(*(const u32 *)(fadt + FADT_SMI_CMD), fadt[FADT_ACPI_ENABLE]);
		for (int i = 0; i < 300 && !(inw(pm1a) & ACPI_SCI_EN); i++)
			mdelay(10);
	}
	shell_printf("poweroff: ACPI S5: PM1a_CNT %#x SLP_TYPa %u\n", pm1a, typa & 7);
	serial_drain();
	local_irq_disable();
	outw(pm1a, ((typa & 7) << 10) | ACPI_SLP_EN);
	if (pm1b)
		outw(pm1b, ((typb & 7) << 10) | ACPI_SLP_EN);
	mdelay(100);
	local_irq_enable();
	shell_printf("poweroff: still running after ACPI S5\n");
out:
	acpi_unmap_all();
}

int cmd_poweroff(int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	acpi_poweroff();
	shell_printf("poweroff: trying the QEMU/Bochs/VirtualBox ports\n");
	serial_drain();
	local_irq_disable();
	outw(0x604, 0x2000);	/* QEMU (SeaBIOS PM base 0x600): PM1a_CNT SLP_EN, S5 */
	outw(0xb004, 0x2000);	/* Bochs, QEMU with OVMF on pc */
	outw(0x4004, 0x3400);	/* VirtualBox */
	qemu_exit(QEMU_EXIT_SUCCESS);
	printk(KERN_EMERG "poweroff: no method worked; halting\n");
	cpu_halt_forever();
}

/* Pulse the CPU reset line through the i8042 keyboard controller. */
static void kbd_reset(void)
{
	for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		;
	outb(0x64, 0xfe);
}

int cmd_reboot(int argc, char **argv)
{
	static const struct { u16 limit; u64 base; } __packed no_idt;

	if (argc != 1)
		return -EINVAL;
	shell_printf("reboot: restarting system\n");
	serial_drain();
	local_irq_disable();
	kbd_reset();
	mdelay(100);
	/* Still here: a triple fault resets the machine. */
	__asm__ __volatile__("lidt %0; int3" : : "m"(no_idt));
	cpu_halt_forever();
}
