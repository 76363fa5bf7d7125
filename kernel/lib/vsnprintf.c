// SPDX-License-Identifier: MIT
/*
 * vsnprintf and friends: a C99 printf subset plus the kernel's %p
 * extensions.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags '-' '0' '#' '+' ' ',
 * width and precision (either may be '*'), length modifiers hh h l ll z t
 * (and j). Integers follow C99 exactly; everything else:
 *
 *   %s   NULL prints "(null)", cut by the precision like any string.
 *   %p   "0x" and 16 hex digits of the raw pointer (NULL too). Pointers are
 *        not hashed: this kernel has no users to hide addresses from. %px
 *        is accepted as a synonym, as in Linux.
 *   %pS  "name+0xoff/0xsize" from kallsyms_lookup(), %ps just "name"; an
 *        address in no symbol prints as "0x<hex>" without leading zeros.
 *   %pa  the phys_addr_t that the argument points to (%pap as well), as
 *        "0x" and 16 hex digits; a NULL argument prints "(null)".
 *   Width applies to all of the %p forms, precision to none.
 *
 * Any other conversion (%n, %f, %q, ...) takes no argument and is copied to
 * the output as written, from the '%' on, so a bad format is visible rather
 * than fatal.
 *
 * Output goes through struct outbuf, which counts every character but
 * stores only those that fit, so truncation needs no special cases.
 */
#include <kernel/compiler.h>
#include <kernel/kallsyms.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/types.h>

struct outbuf {
	char *buf;
	size_t size;	/* bytes at buf, including room for the NUL */
	size_t len;	/* characters produced so far, stored or not */
};

/* Bit i is flag_chars[i]; see parse_flags(). */
#define FL_LEFT		0x01	/* '-': pad on the right */
#define FL_ZERO		0x02	/* '0': pad numbers with zeros */
#define FL_ALT		0x04	/* '#': 0x prefix, leading octal 0 */
#define FL_PLUS		0x08	/* '+': sign even when positive */
#define FL_SPACE	0x10	/* ' ': space where a '+' would go */
#define FL_SIGNED	0x20	/* conversion is %d or %i */
#define FL_UPPER	0x40	/* conversion is %X */

enum length {
	LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE,
	LEN_PTRDIFF, LEN_INTMAX,
};

struct printf_spec {
	unsigned int flags;
	int width;		/* -1: none */
	int precision;		/* -1: none */
	unsigned int base;
	enum length length;
};

/* Longest raw number: 64 bits in octal is 22 digits. */
#define NUM_BUF_LEN 24
/* Room for "name+0x<16>/0x<16>". */
#define SYM_BUF_LEN (KSYM_NAME_LEN + 40)

static void out_char(struct outbuf *o, char c)
{
	if (o->size && o->len < o->size - 1)
		o->buf[o->len] = c;
	o->len++;
}

static void out_repeat(struct outbuf *o, char c, int n)
{
	for (; n > 0; n--)
		out_char(o, c);
}

static void out_mem(struct outbuf *o, const char *s, size_t n)
{
	while (n--)
		out_char(o, *s++);
}

static void out_str(struct outbuf *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

/* Write @val in hex, lower case, at least @min_digits long. */
static void out_hex(struct outbuf *o, unsigned long long val, int min_digits)
{
	char tmp[NUM_BUF_LEN];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[val & 0xf];
		val >>= 4;
	} while (val);
	out_repeat(o, '0', min_digits - n);
	while (n)
		out_char(o, tmp[--n]);
}

/* Write @len characters of @s padded to the field width of @spec. */
static void out_field(struct outbuf *o, const struct printf_spec *spec,
		      const char *s, size_t len)
{
	int pad = spec->width > 0 && (size_t)spec->width > len ?
		  spec->width - (int)len : 0;

	if (!(spec->flags & FL_LEFT))
		out_repeat(o, ' ', pad);
	out_mem(o, s, len);
	if (spec->flags & FL_LEFT)
		out_repeat(o, ' ', pad);
}

/* Return: @val's digits in @base, least significant first, in @tmp. */
static int number_digits(char *tmp, unsigned long long val, unsigned int base,
			 bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		tmp[n++] = digits[val % base];
		val /= base;
	} while (val);
	return n;
}

/*
 * Write an integer of magnitude @val (negative if @neg) under @spec:
 * [spaces] [sign] [0x] [zeros] digits [spaces].
 */
static void format_number(struct outbuf *o, const struct printf_spec *spec,
			  unsigned long long val, bool neg)
{
	unsigned int fl = spec->flags;
	char tmp[NUM_BUF_LEN];
	char sign = neg ? '-' : (fl & FL_SIGNED) && (fl & FL_PLUS) ? '+' :
		    (fl & FL_SIGNED) && (fl & FL_SPACE) ? ' ' : 0;
	const char *prefix = (fl & FL_ALT) && spec->base == 16 && val ?
			     (fl & FL_UPPER ? "0X" : "0x") : "";
	int nd = spec->precision == 0 && val == 0 ? 0 :
		 number_digits(tmp, val, spec->base, fl & FL_UPPER);
	int zeros = spec->precision > nd ? spec->precision - nd : 0;
	int pad;

	if ((fl & FL_ALT) && spec->base == 8 && zeros == 0 && (val || nd == 0))
		zeros = 1;	/* octal's leading 0 */
	pad = spec->width - (!!sign + (int)strlen(prefix) + zeros + nd);
	if ((fl & (FL_ZERO | FL_LEFT)) == FL_ZERO && spec->precision < 0 &&
	    pad > 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(fl & FL_LEFT))
		out_repeat(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	out_str(o, prefix);
	out_repeat(o, '0', zeros);
	while (nd)
		out_char(o, tmp[--nd]);
	if (fl & FL_LEFT)
		out_repeat(o, ' ', pad);
}

/* Fetch a signed integer argument of @len. */
static long long fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR: return (signed char)va_arg(*ap, int);
	case LEN_SHORT: return (short)va_arg(*ap, int);
	case LEN_LONG: return va_arg(*ap, long);
	case LEN_LLONG: return va_arg(*ap, long long);
	case LEN_SIZE: return va_arg(*ap, ssize_t);
	case LEN_PTRDIFF: return va_arg(*ap, ptrdiff_t);
	case LEN_INTMAX: return va_arg(*ap, intmax_t);
	default: return va_arg(*ap, int);
	}
}

/* Fetch an unsigned integer argument of @len. */
static unsigned long long fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR: return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT: return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG: return va_arg(*ap, unsigned long);
	case LEN_LLONG: return va_arg(*ap, unsigned long long);
	case LEN_SIZE: return va_arg(*ap, size_t);
	case LEN_PTRDIFF: return (unsigned long long)va_arg(*ap, ptrdiff_t);
	case LEN_INTMAX: return va_arg(*ap, uintmax_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* Fetch the integer argument of @spec and write it. */
static void format_integer(struct outbuf *o, const struct printf_spec *spec,
			   va_list *ap)
{
	long long v;

	if (!(spec->flags & FL_SIGNED)) {
		format_number(o, spec, fetch_unsigned(ap, spec->length), false);
		return;
	}
	v = fetch_signed(ap, spec->length);
	/* Negate as unsigned, so LLONG_MIN works too. */
	if (v < 0)
		format_number(o, spec, 0ULL - (unsigned long long)v, true);
	else
		format_number(o, spec, (unsigned long long)v, false);
}

/* Write @addr as "name+0xoff/0xsize" (@offset) or "name", padded. */
static void format_symbol(struct outbuf *o, const struct printf_spec *spec,
			  unsigned long addr, bool offset)
{
	char tmp[SYM_BUF_LEN];
	struct outbuf sym = { .buf = tmp, .size = sizeof(tmp) };
	const char *name;
	unsigned long off, size;

	if (!kallsyms_lookup(addr, &name, &off, &size)) {
		out_str(&sym, "0x");
		out_hex(&sym, addr, 1);
	} else {
		out_str(&sym, name);
		if (offset) {
			out_str(&sym, "+0x");
			out_hex(&sym, off, 1);
			out_str(&sym, "/0x");
			out_hex(&sym, size, 1);
		}
	}
	out_field(o, spec, tmp, min(sym.len, sizeof(tmp) - 1));
}

/* Write "0x" and 16 hex digits of @val, padded to the field width. */
static void format_hex64(struct outbuf *o, const struct printf_spec *spec,
			 u64 val)
{
	char tmp[20];
	struct outbuf hex = { .buf = tmp, .size = sizeof(tmp) };

	out_str(&hex, "0x");
	out_hex(&hex, val, 16);
	out_field(o, spec, tmp, hex.len);
}

/*
 * %p and its extensions. *@fmt points just past the 'p'; it is moved past
 * the extension letters that are consumed.
 */
static void format_pointer(struct outbuf *o, const struct printf_spec *spec,
			   const char **fmt, va_list *ap)
{
	void *ptr = va_arg(*ap, void *);
	char ext = **fmt;

	switch (ext) {
	case 'S':
	case 's':
		(*fmt)++;
		format_symbol(o, spec, (unsigned long)ptr, ext == 'S');
		return;
	case 'a':
		(*fmt)++;
		if (**fmt == 'p')
			(*fmt)++;
		if (!ptr)
			out_field(o, spec, "(null)", 6);
		else
			format_hex64(o, spec, *(const phys_addr_t *)ptr);
		return;
	case 'x':
		(*fmt)++;
		break;
	}
	format_hex64(o, spec, (u64)(uintptr_t)ptr);
}

static void format_string(struct outbuf *o, const struct printf_spec *spec,
			  const char *s)
{
	size_t max = spec->precision >= 0 ? (size_t)spec->precision : (size_t)-1;

	if (!s)
		s = "(null)";
	out_field(o, spec, s, strnlen(s, max));
}

/* The flag characters, in the bit order of FL_LEFT..FL_SPACE. */
static const char flag_chars[] = "-0#+ ";

static unsigned int parse_flags(const char **fmt)
{
	unsigned int flags = 0;
	const char *f;

	while (**fmt && (f = strchr(flag_chars, **fmt))) {
		flags |= 1U << (f - flag_chars);
		(*fmt)++;
	}
	return flags;
}

/* Parse a decimal field, saturating far below INT_MAX. */
static int parse_decimal(const char **fmt)
{
	int val = 0;

	for (; **fmt >= '0' && **fmt <= '9'; (*fmt)++) {
		if (val < INT_MAX / 100)
			val = val * 10 + (**fmt - '0');
	}
	return val;
}

/* Parse width and precision; '*' takes them from the arguments. */
static void parse_width_precision(const char **fmt, struct printf_spec *spec,
				  va_list *ap)
{
	spec->width = -1;
	spec->precision = -1;
	if (**fmt == '*') {
		(*fmt)++;
		spec->width = va_arg(*ap, int);
		if (spec->width < 0) {	/* C: a negative width means '-' */
			spec->flags |= FL_LEFT;
			spec->width = spec->width == -INT_MAX - 1 ? INT_MAX :
				      -spec->width;
		}
	} else if (**fmt >= '0' && **fmt <= '9') {
		spec->width = parse_decimal(fmt);
	}
	if (**fmt != '.')
		return;
	(*fmt)++;
	if (**fmt == '*') {
		(*fmt)++;
		spec->precision = va_arg(*ap, int);	/* negative: none */
		if (spec->precision < 0)
			spec->precision = -1;
	} else {
		spec->precision = parse_decimal(fmt);
	}
}

static enum length parse_length(const char **fmt)
{
	char c = **fmt;
	enum length len;

	switch (c) {
	case 'h':
		len = (*fmt)[1] == 'h' ? LEN_CHAR : LEN_SHORT;
		break;
	case 'l':
		len = (*fmt)[1] == 'l' ? LEN_LLONG : LEN_LONG;
		break;
	case 'z':
		len = LEN_SIZE;
		break;
	case 't':
		len = LEN_PTRDIFF;
		break;
	case 'j':
		len = LEN_INTMAX;
		break;
	default:
		return LEN_INT;
	}
	*fmt += len == LEN_CHAR || len == LEN_LLONG ? 2 : 1;
	return len;
}

/* Set the base and flags for integer conversion @c. Return: false if none. */
static bool integer_conversion(char c, struct printf_spec *spec)
{
	switch (c) {
	case 'd':
	case 'i':
		spec->flags |= FL_SIGNED;
		return true;
	case 'u':
		return true;
	case 'X':
		spec->flags |= FL_UPPER;
		/* fall through */
	case 'x':
		spec->base = 16;
		return true;
	case 'o':
		spec->base = 8;
		return true;
	default:
		return false;
	}
}

/*
 * Handle one conversion. @start points at its '%', *@fmt just past it;
 * *@fmt is left past the conversion.
 */
static void format_one(struct outbuf *o, const char *start, const char **fmt,
		       va_list *ap)
{
	struct printf_spec spec = { .base = 10 };
	char c;

	spec.flags = parse_flags(fmt);
	parse_width_precision(fmt, &spec, ap);
	spec.length = parse_length(fmt);
	c = **fmt;
	if (c)
		(*fmt)++;
	if (integer_conversion(c, &spec)) {
		format_integer(o, &spec, ap);
		return;
	}
	switch (c) {
	case 'c':
		c = (char)va_arg(*ap, int);
		out_field(o, &spec, &c, 1);
		break;
	case 's':
		format_string(o, &spec, va_arg(*ap, const char *));
		break;
	case 'p':
		format_pointer(o, &spec, fmt, ap);
		break;
	case '%':
		out_char(o, '%');
		break;
	default:	/* unknown or cut short: copy it as written */
		out_mem(o, start, (size_t)(*fmt - start));
		break;
	}
}

/**
 * vsnprintf - format @fmt and @args into the @size-byte buffer @buf.
 *
 * The formats are described at the top of this file. At most @size - 1
 * characters are stored and the result is always NUL-terminated when
 * @size > 0; with @size == 0, @buf is not touched and may be NULL.
 *
 * Context: any, including interrupts; never sleeps or takes a lock.
 * Return: the length the whole output would have had, not counting the
 * NUL, as in C99 (clamped to INT_MAX).
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct outbuf o = { .buf = buf, .size = size };
	va_list ap;

	va_copy(ap, args);	/* a real va_list object, so &ap is a va_list * */
	while (*fmt) {
		const char *start = fmt;

		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt++;
		format_one(&o, start, &fmt, &ap);
	}
	va_end(ap);
	if (size)
		buf[min(o.len, size - 1)] = '\0';
	return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

/**
 * snprintf - vsnprintf() with a variable argument list.
 * Context: any.
 * Return: the length the whole output would have had.
 */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

/**
 * vscnprintf - vsnprintf() that returns what was stored, so it can be
 * used to append: len += vscnprintf(buf + len, size - len, ...).
 * Context: any.
 * Return: the number of characters stored in @buf, not counting the NUL;
 * 0 if @size is 0.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int len = vsnprintf(buf, size, fmt, args);

	if (size == 0)
		return 0;
	return (size_t)len < size ? len : (int)(size - 1);
}

/**
 * scnprintf - vscnprintf() with a variable argument list.
 * Context: any.
 * Return: the number of characters stored in @buf, not counting the NUL.
 */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return len;
}

/**
 * sprintf - vsnprintf() into a buffer the caller promises is big enough.
 * Prefer snprintf() or scnprintf(): nothing here can check that promise.
 * Context: any.
 * Return: the number of characters written, not counting the NUL.
 */
int sprintf(char *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(buf, INT_MAX, fmt, args);
	va_end(args);
	return len;
}
