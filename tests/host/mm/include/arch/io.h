/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for arch/x86_64/include/arch/io.h: there are no ports in
 * user space. Writes are dropped, reads float high (0xff...), as an
 * unconnected ISA port reads.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>

static inline void outb(u16 port __maybe_unused, u8 val __maybe_unused)
{
}

static inline u8 inb(u16 port __maybe_unused)
{
	return 0xff;
}

static inline void outw(u16 port __maybe_unused, u16 val __maybe_unused)
{
}

static inline u16 inw(u16 port __maybe_unused)
{
	return 0xffff;
}

static inline void outl(u16 port __maybe_unused, u32 val __maybe_unused)
{
}

static inline u32 inl(u16 port __maybe_unused)
{
	return 0xffffffff;
}

static inline void io_delay(void)
{
}
