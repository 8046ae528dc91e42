// SPDX-License-Identifier: GPL-2.0
/*
 * pintest: lets a test program take one user page the way drivers do, with
 * pin_user_pages_fast() or get_user_pages_fast() and chosen FOLL_ flags
 * (R/O and R/W, short- and long-term, the drivers' FOLL_FORCE|FOLL_WRITE), then
 * read or write that page from the kernel side, as a device would, and release
 * it. One page per open file. The character device is /dev/pintest.
 *
 * pincheck's reproducers use it where the kernel offers no user-space way to
 * take such a pin (gup_test is not built in Debian's kernels). The calls used
 * have the same signatures in Linux 6.1 and 6.12.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "pintest.h"

struct pintest_held {
	struct mutex lock;
	struct page *page;
	bool pinned; /* FOLL_PIN (else FOLL_GET) */
	bool write;  /* taken with FOLL_WRITE */
};

static int pintest_open(struct inode *inode, struct file *file)
{
	struct pintest_held *held = kzalloc(sizeof(*held), GFP_KERNEL);

	if (!held)
		return -ENOMEM;
	mutex_init(&held->lock);
	file->private_data = held;
	return 0;
}

static void pintest_release_page(struct pintest_held *held)
{
	if (!held->page)
		return;
	if (held->pinned)
		unpin_user_pages_dirty_lock(&held->page, 1, held->write);
	else
		put_page(held->page);
	held->page = NULL;
}

static int pintest_close(struct inode *inode, struct file *file)
{
	struct pintest_held *held = file->private_data;

	pintest_release_page(held);
	kfree(held);
	return 0;
}

static long pintest_take(struct pintest_held *held, struct pintest_take *take)
{
	unsigned int gup_flags = 0;
	long got;

	if (held->page || take->flags & ~(PINTEST_WRITE | PINTEST_FORCE | PINTEST_LONGTERM))
		return -EINVAL;
	if (take->flags & PINTEST_WRITE)
		gup_flags |= FOLL_WRITE;
	if (take->flags & PINTEST_FORCE)
		gup_flags |= FOLL_FORCE;
	if (take->flags & PINTEST_LONGTERM)
		gup_flags |= FOLL_LONGTERM;
	if (take->kind == PINTEST_PIN)
		got = pin_user_pages_fast(take->addr, 1, gup_flags, &held->page);
	else if (take->kind == PINTEST_GET && !(gup_flags & FOLL_LONGTERM))
		got = get_user_pages_fast(take->addr, 1, gup_flags, &held->page);
	else
		return -EINVAL;
	if (got != 1) {
		held->page = NULL;
		return got < 0 ? got : -EFAULT;
	}
	held->pinned = take->kind == PINTEST_PIN;
	held->write = gup_flags & FOLL_WRITE;
	return 0;
}

static long pintest_io(struct pintest_held *held, struct pintest_io *io, bool to_page)
{
	void *kaddr;
	long ret = 0;

	if (!held->page || io->offset >= PAGE_SIZE || io->len > PAGE_SIZE - io->offset)
		return -EINVAL;
	if (to_page && !held->write)
		return -EPERM;
	kaddr = kmap_local_page(held->page);
	if (to_page) {
		if (copy_from_user(kaddr + io->offset, u64_to_user_ptr(io->buf), io->len))
			ret = -EFAULT;
	} else if (copy_to_user(u64_to_user_ptr(io->buf), kaddr + io->offset, io->len)) {
		ret = -EFAULT;
	}
	kunmap_local(kaddr);
	return ret;
}

static long pintest_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct pintest_held *held = file->private_data;
	struct pintest_take take;
	struct pintest_io io;
	long ret;

	mutex_lock(&held->lock);
	switch (cmd) {
	case PINTEST_IOC_TAKE:
		ret = copy_from_user(&take, (void __user *)arg, sizeof(take)) ? -EFAULT : pintest_take(held, &take);
		break;
	case PINTEST_IOC_READ:
	case PINTEST_IOC_WRITE:
		ret = copy_from_user(&io, (void __user *)arg, sizeof(io)) ? -EFAULT :
			pintest_io(held, &io, cmd == PINTEST_IOC_WRITE);
		break;
	case PINTEST_IOC_RELEASE:
		ret = held->page ? 0 : -EINVAL;
		pintest_release_page(held);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&held->lock);
	return ret;
}

static const struct file_operations pintest_fops = {
	.owner = THIS_MODULE,
	.open = pintest_open,
	.release = pintest_close,
	.unlocked_ioctl = pintest_ioctl,
};

static struct miscdevice pintest_device = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "pintest",
	.fops = &pintest_fops,
	.mode = 0666,
};

module_misc_device(pintest_device);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("pincheck's test module: take, access and release one user page as drivers do");
