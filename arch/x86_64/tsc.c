// SPDX-License-Identifier: MIT
/*
 * TSC calibration and the clocks built on it: ktime_get_ns(), udelay().
 *
 * The TSC is timed against PIT channel 2 over CAL_TRIES windows of about
 * CAL_MS milliseconds. Each end of a window is a sample: the TSC read
 * just before and just after latching and reading the PIT counter (which
 * keeps counting down past zero), so the PIT ticks elapsed are exact and
 * the TSC is known to within the time one sample took, however late the
 * end of the window was noticed (slow port I/O, a busy host). The window
 * whose samples were quickest wins. The local APIC timer is read inside
 * the same samples, so its frequency comes for free. Machines whose PIT
 * does not count (some recent laptops gate it off) fall back to CPUID
 * leaf 0x15/0x16, else to the CMOS RTC's 1024 Hz periodic flag.
 *
 * Lock order: none; calibration runs once at boot, the clocks only read.
 */
#define pr_fmt(fmt) "tsc: " fmt

#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/io.h>
#include <arch/pit.h>
#include <arch/tsc.h>
#include <kernel/delay.h>
#include <kernel/jiffies.h>
#include <kernel/ktime.h>
#include <kernel/printk.h>

#define CAL_MS		5
#define CAL_TRIES	3
#define CAL_MAX_POLLS	5000000UL	/* a PIT that never expires: give up */

unsigned long tsc_khz;
static u64 tsc_mult;	/* nanoseconds per cycle, << 32 */
static u64 tsc_base;	/* ktime_get_ns() counts from here */

/* One end of a calibration window. */
struct cal_sample {
	u64 tsc;	/* midpoint of the sample */
	u64 err;	/* TSC cycles the sample took: its uncertainty */
	u32 apic;	/* local APIC timer count */
	u16 pit;	/* PIT channel 2 count */
};

static void cal_sample(struct cal_sample *s, bool apic)
{
	u64 a = rdtsc(), b;

	if (apic)
		s->apic = lapic_timer_count();
	s->pit = pit_ch2_read();
	b = rdtsc();
	s->tsc = a + (b - a) / 2;
	s->err = b - a;
}

struct cal_result {
	unsigned long tsc_khz;
	unsigned long apic_hz;
	u64 err;		/* TSC cycles of uncertainty */
};

/* One window. Return: false if the PIT never expired (or did not count). */
static bool pit_window(struct cal_result *r)
{
	bool apic = lapic_present();
	struct cal_sample s1, s2;
	unsigned long polls = 0;
	unsigned int latch;
	u16 elapsed;

	latch = pit_ch2_start(CAL_MS);
	if (apic)
		lapic_timer_free_run();
	io_delay();			/* the count loads on the next PIT clock */
	cal_sample(&s1, apic);
	while (!pit_ch2_expired())
		if (++polls > CAL_MAX_POLLS)
			return false;
	cal_sample(&s2, apic);
	if (apic)
		lapic_timer_stop();
	/* Mod 2^16: past zero once (noticing expiry 45 ms late would wrap twice). */
	elapsed = s1.pit - s2.pit;
	if (elapsed <= s1.pit || s1.pit > latch || s2.tsc <= s1.tsc)
		return false;
	r->tsc_khz = (s2.tsc - s1.tsc) * PIT_TICK_RATE / elapsed / 1000;
	r->apic_hz = apic ? (u64)(s1.apic - s2.apic) * PIT_TICK_RATE / elapsed : 0;
	r->err = s1.err + s2.err;
	return true;
}

/* CPUID 0x15 (crystal ratio) or 0x16 (base MHz). Return: kHz, or 0. */
static unsigned long cpuid_tsc_khz(void)
{
	u32 max, a, b, c, d;

	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c)
			return (unsigned long)((u64)c * b / a / 1000);
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, &a, &b, &c, &d);
		if (a & 0xffff)
			return (a & 0xffff) * 1000UL;
	}
	return 0;
}

static void delay_cycles(u64 cycles)
{
	u64 start = rdtsc();

	while (rdtsc() - start < cycles)
		cpu_relax();
}

/*
 * No PIT and nothing in CPUID: the CMOS RTC's periodic flag (register C,
 * bit 6) ticks at exactly 1024 Hz off its 32.768 kHz crystal. The
 * periodic interrupt is enabled meanwhile (QEMU sets the flag only then),
 * but IRQ 8 is still masked at the 8259A and interrupts are off.
 * Return: TSC kHz, or 0 if it never ticks.
 */
#define RTC_INDEX	0x70
#define RTC_DATA	0x71
#define RTC_PERIODS	32		/* 31.25 ms */

static u8 cmos_read(u8 reg)
{
	outb(RTC_INDEX, reg);
	return inb(RTC_DATA);
}

static void cmos_write(u8 reg, u8 val)
{
	outb(RTC_INDEX, reg);
	outb(RTC_DATA, val);
}

static bool rtc_wait_period(void)
{
	for (unsigned long polls = 0; polls < CAL_MAX_POLLS; polls++)
		if (cmos_read(0x0c) & 0x40)	/* PF; reading register C clears it */
			return true;
	return false;
}

static unsigned long rtc_tsc_khz(unsigned long *apic_hz)
{
	u8 a = cmos_read(0x0a), b = cmos_read(0x0b);
	bool apic = lapic_present(), ok = true;
	u32 apic1 = 0, apic2 = 0;
	u64 t1, t2;

	cmos_write(0x0a, (a & 0xf0) | 0x06);	/* rate 6: 1024 Hz */
	cmos_write(0x0b, b | 0x40);		/* PIE */
	cmos_read(0x0c);
	if (apic)
		lapic_timer_free_run();
	ok = rtc_wait_period();
	t1 = rdtsc();
	if (apic)
		apic1 = lapic_timer_count();
	for (int i = 0; ok && i < RTC_PERIODS; i++)
		ok = rtc_wait_period();
	t2 = rdtsc();
	if (apic) {
		apic2 = lapic_timer_count();
		lapic_timer_stop();
	}
	cmos_write(0x0a, a);
	cmos_write(0x0b, b);
	cmos_read(0x0c);
	if (!ok)
		return 0;
	*apic_hz = (unsigned long)((u64)(apic1 - apic2) * 1024 / RTC_PERIODS);
	return (unsigned long)((t2 - t1) * 1024 / RTC_PERIODS / 1000);
}

/* Without a PIT: time the local APIC timer over CAL_MS of (CPUID) TSC. */
static unsigned long lapic_hz_from_tsc(void)
{
	u32 a, b;

	lapic_timer_free_run();
	a = lapic_timer_count();
	delay_cycles((u64)tsc_khz * CAL_MS);
	b = lapic_timer_count();
	lapic_timer_stop();
	return (unsigned long)(a - b) * 1000 / CAL_MS;
}

/**
 * tsc_init - see arch/tsc.h.
 */
void tsc_init(void)
{
	struct cal_result best = { .err = U64_MAX }, r;

	for (int i = 0; i < CAL_TRIES && pit_window(&r); i++)
		if (r.err < best.err)
			best = r;
	if (best.err != U64_MAX) {
		pr_info("Fast TSC calibration using PIT\n");
		tsc_khz = best.tsc_khz;
		if (lapic_present())
			lapic_timer_set_frequency(best.apic_hz);
	} else if ((tsc_khz = cpuid_tsc_khz())) {
		pr_warn("PIT channel 2 does not count: TSC frequency from CPUID\n");
		if (lapic_present())
			lapic_timer_set_frequency(lapic_hz_from_tsc());
	} else {
		unsigned long apic_hz = 0;

		tsc_khz = rtc_tsc_khz(&apic_hz);
		pr_warn("PIT channel 2 does not count: %s\n", tsc_khz ?
			"calibrating against the CMOS RTC" : "TSC left uncalibrated");
		if (lapic_present())
			lapic_timer_set_frequency(apic_hz);
	}
	if (!tsc_khz)
		return;
	tsc_mult = ((u64)NSEC_PER_MSEC << 32) / tsc_khz;
	tsc_base = rdtsc();
	pr_info("Detected %lu.%03lu MHz processor\n", tsc_khz / 1000, tsc_khz % 1000);
}

u64 tsc_cycles_to_ns(u64 cycles)
{
	return (u64)(((unsigned __int128)cycles * tsc_mult) >> 32);
}

/**
 * ktime_get_ns - see kernel/ktime.h. Without a calibrated TSC, the tick
 * count stands in (4 ms resolution).
 * Context: any.
 */
u64 ktime_get_ns(void)
{
	if (!tsc_khz)
		return jiffies_to_nsecs(jiffies);
	return tsc_cycles_to_ns(rdtsc() - tsc_base);
}

/**
 * udelay - see kernel/delay.h. Before calibration each microsecond is one
 * write to port 0x80 (about 1 us on real hardware, less under QEMU).
 * Context: any; never sleeps.
 */
void udelay(unsigned long usecs)
{
	if (!tsc_khz) {
		while (usecs--)
			io_delay();
		return;
	}
	delay_cycles((u64)usecs * tsc_khz / 1000 + 1);
}

void ndelay(unsigned long nsecs)
{
	if (!tsc_khz) {
		udelay(DIV_ROUND_UP(nsecs, 1000));
		return;
	}
	delay_cycles((u64)nsecs * tsc_khz / 1000000 + 1);
}
