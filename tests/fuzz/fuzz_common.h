/* SPDX-License-Identifier: MIT */
/*
 * Shared by the fuzz targets (tests/fuzz/fuzz_*.c): an input is read as a
 * stream of operation bytes and arguments (reads past the end give 0, so
 * every input is a valid program), and a failed model check prints what
 * went wrong and aborts, which libFuzzer records as a crash.
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>

#include <kernel/types.h>

struct fuzz_in {
	const u8 *data;
	size_t size;
	size_t pos;
};

static inline bool fuzz_more(const struct fuzz_in *in)
{
	return in->pos < in->size;
}

static inline u8 fuzz_u8(struct fuzz_in *in)
{
	return in->pos < in->size ? in->data[in->pos++] : 0;
}

static inline u16 fuzz_u16(struct fuzz_in *in)
{
	u16 lo = fuzz_u8(in);

	return (u16)(lo | (u16)fuzz_u8(in) << 8);
}

static inline u32 fuzz_u32(struct fuzz_in *in)
{
	u32 lo = fuzz_u16(in);

	return lo | (u32)fuzz_u16(in) << 16;
}

/* A model check failed: report (stdout is flushed first) and crash. */
#define FUZZ_CHECK(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			fflush(stdout);						\
			fprintf(stderr, "%s:%d: model check failed: %s: ",	\
				__FILE__, __LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			abort();						\
		}								\
	} while (0)

/* The byte pattern of a live block: depends on its seed and the offset. */
static inline u8 fuzz_pattern(u32 seed, unsigned long off)
{
	unsigned long x = (off + 1) * 0x9e3779b97f4a7c15UL ^ seed;

	return (u8)(x >> 56);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
