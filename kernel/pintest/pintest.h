/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pintest: the ioctls of pincheck's test module, shared by the module and the
 * reproducers that `pincheck repro` writes. Like the kernel's gup_test
 * (mm/gup_test.c), which Debian's kernels do not build (CONFIG_GUP_TEST=n).
 */
#ifndef PINTEST_H
#define PINTEST_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* What to take: pin_user_pages_fast() (FOLL_PIN) or get_user_pages_fast() (FOLL_GET). */
#define PINTEST_PIN 0
#define PINTEST_GET 1

/* The FOLL_ flags a caller may ask for (the module maps them to the kernel's). */
#define PINTEST_WRITE (1u << 0)    /* FOLL_WRITE */
#define PINTEST_FORCE (1u << 1)    /* FOLL_FORCE */
#define PINTEST_LONGTERM (1u << 2) /* FOLL_LONGTERM */

struct pintest_take {
	__u64 addr;  /* a user address in the page to take */
	__u32 kind;  /* PINTEST_PIN or PINTEST_GET */
	__u32 flags; /* PINTEST_WRITE | PINTEST_FORCE | PINTEST_LONGTERM */
};

struct pintest_io {
	__u64 buf;    /* user buffer */
	__u32 offset; /* within the page */
	__u32 len;    /* at most a page, from offset */
};

#define PINTEST_IOC_TAKE _IOW('p', 1, struct pintest_take)
/* Copies from the page held into buf: what a device reading it sees. */
#define PINTEST_IOC_READ _IOW('p', 2, struct pintest_io)
/* Copies buf into the page held: a device writing it (only after a PINTEST_WRITE take). */
#define PINTEST_IOC_WRITE _IOW('p', 3, struct pintest_io)
/* Releases the page held (unpin_user_page() or put_page()). */
#define PINTEST_IOC_RELEASE _IO('p', 4)

#endif
