#!/usr/bin/env python3
"""Build the initramfs that runs kbench_linux.ko under Debian's kernel.

A gzip'd cpio archive (the kernel's "newc" format) holding a static
busybox as /bin/busybox, the module, /dev/console, and an /init that mounts
/proc, lets KERN_INFO lines through to the serial console, loads the
module (which runs every benchmark in its init function) and powers the
machine off.

Usage: mkinitramfs.py --busybox PATH --module kbench_linux.ko --output initramfs.cpio.gz
"""
import argparse
import gzip
import os
import stat
import sys

INIT = """#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
echo 7 > /proc/sys/kernel/printk
echo "kbench-linux: $(/bin/busybox uname -r) $(/bin/busybox cat /proc/cmdline)" > /dev/console
/bin/busybox insmod /kbench_linux.ko || echo "kbench-linux: insmod failed" > /dev/console
/bin/busybox poweroff -f
"""


class Cpio:
    """Writes "newc" (070701) entries; every header and body is 4-byte aligned."""

    def __init__(self):
        self.out = bytearray()
        self.ino = 1

    def _entry(self, name, mode, data=b'', rdev=(0, 0), nlink=1):
        fields = [self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1],
                  len(name) + 1, 0]
        self.ino += 1
        self.out += b'070701' + b''.join(b'%08X' % f for f in fields)
        self.out += name.encode() + b'\0'
        self._pad()
        self.out += data
        self._pad()

    def _pad(self):
        self.out += b'\0' * (-len(self.out) % 4)

    def directory(self, name):
        self._entry(name, stat.S_IFDIR | 0o755, nlink=2)

    def file(self, name, data, mode=0o644):
        self._entry(name, stat.S_IFREG | mode, data)

    def chardev(self, name, major, minor):
        self._entry(name, stat.S_IFCHR | 0o600, rdev=(major, minor))

    def finish(self):
        self._entry('TRAILER!!!', 0)
        self.out += b'\0' * (-len(self.out) % 512)
        return bytes(self.out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--busybox', required=True, help='a statically linked busybox')
    ap.add_argument('--module', required=True, help='kbench_linux.ko')
    ap.add_argument('--output', required=True)
    args = ap.parse_args()
    c = Cpio()
    for d in ('bin', 'dev', 'proc', 'sys'):
        c.directory(d)
    c.chardev('dev/console', 5, 1)
    with open(args.busybox, 'rb') as f:
        c.file('bin/busybox', f.read(), 0o755)
    with open(args.module, 'rb') as f:
        c.file('kbench_linux.ko', f.read())
    c.file('init', INIT.encode(), 0o755)
    tmp = args.output + '.tmp'
    with gzip.open(tmp, 'wb', compresslevel=6) as f:
        f.write(c.finish())
    os.replace(tmp, args.output)
    return 0


if __name__ == '__main__':
    sys.exit(main())
