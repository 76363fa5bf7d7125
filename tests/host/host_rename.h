/* SPDX-License-Identifier: MIT */
/*
 * Force-included (gcc -include) into the kernel/lib sources and host tests, so
 * the kernel's string and printf functions build unchanged as kern_memcpy,
 * kern_snprintf, ... and link next to the C library without clashing.
 *
 * The C library headers are read first, before the renames, so that they
 * declare the real functions under their own names. Otherwise, with
 * _FORTIFY_SOURCE, glibc would define inline wrappers named kern_snprintf
 * and friends that call __snprintf_chk, and the tests would quietly check
 * glibc instead of the kernel. Fortification is turned off for the same
 * reason. Test code reaches the C library only through names not renamed
 * here (printf, strtoull, __builtin_strcmp, ...) or through an asm label.
 */
#pragma once

#undef _FORTIFY_SOURCE

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* glibc's sys/cdefs.h has its own; kernel/compiler.h defines it afresh. */
#undef __always_inline

#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef memchr
#undef memchr_inv
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strrchr
#undef strstr
#undef strscpy
#undef strspn
#undef strcspn
#undef simple_strtoull
#undef simple_strtoul
#undef simple_strtol
#undef kstrtoull
#undef kstrtoll
#undef vsnprintf
#undef snprintf
#undef vscnprintf
#undef scnprintf
#undef sprintf

/* kernel/lib/string.c */
#define memcpy kern_memcpy
#define memmove kern_memmove
#define memset kern_memset
#define memcmp kern_memcmp
#define memchr kern_memchr
#define memchr_inv kern_memchr_inv
#define strlen kern_strlen
#define strnlen kern_strnlen
#define strcmp kern_strcmp
#define strncmp kern_strncmp
#define strchr kern_strchr
#define strrchr kern_strrchr
#define strstr kern_strstr
#define strscpy kern_strscpy
#define strspn kern_strspn
#define strcspn kern_strcspn
#define simple_strtoull kern_simple_strtoull
#define simple_strtoul kern_simple_strtoul
#define simple_strtol kern_simple_strtol
#define kstrtoull kern_kstrtoull
#define kstrtoll kern_kstrtoll

/* kernel/lib/vsnprintf.c */
#define vsnprintf kern_vsnprintf
#define snprintf kern_snprintf
#define vscnprintf kern_vscnprintf
#define scnprintf kern_scnprintf
#define sprintf kern_sprintf
