/* SPDX-License-Identifier: MIT */
/*
 * String and memory helpers (kernel/lib/string.c), with the C library's
 * semantics plus the Linux extras (strscpy, strnlen, memchr_inv).
 * Context: any; none of them sleep or take locks.
 */
#pragma once

#include <kernel/types.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
/* Return: the first byte in [s, s+n) that is not @c, or NULL if all are. */
void *memchr_inv(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
/*
 * strscpy - copy a NUL-terminated string into a buffer of @size bytes,
 * always NUL-terminating it when @size > 0.
 * Return: the number of characters copied, or -E2BIG if it was truncated.
 */
ssize_t strscpy(char *dst, const char *src, size_t size);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);

/* Return: true if @name is one of the comma-separated entries of @list. */
bool strlist_has(const char *list, const char *name);

/* Parse an unsigned/signed integer in @base (0: auto 0x/0 prefix). */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
/*
 * kstrtoull - parse a whole string (an optional trailing newline allowed).
 * Return: 0, -EINVAL on a malformed string, -ERANGE on overflow.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
