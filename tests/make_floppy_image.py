#!/usr/bin/env python3
"""The floppy test's 1.44 MB disk image, and the check of it after a run.

Every 512-byte sector of the pristine image holds its LBA (4 bytes,
little-endian), 504 pattern bytes derived from the LBA, and an FNV-1a
checksum of the first 508 bytes (4 bytes, little-endian). The kernel's
floppy suite (tests/kernel/test_floppy.c) computes the same bytes and
compares every one it reads; it then writes WRITTEN_LBAS with the
"written" pattern (a different seed), which `--check` verifies after QEMU
exits, together with every other sector still being pristine.

    make_floppy_image.py OUTPUT          write the pristine image
    make_floppy_image.py --check IMAGE   verify a used copy
"""
import struct
import sys

SECTOR = 512
SECTORS = 2880  # 80 cylinders x 2 heads x 18 sectors
# Kept in step with written_lbas[] in tests/kernel/test_floppy.c: one
# sector, a run across the head change (17 -> 18) and the cylinder change
# (35 -> 36), and the disk's last sectors.
WRITTEN_LBAS = [5, 16, 17, 18, 19, 34, 35, 36, 37, 2877, 2878, 2879]
SEED_PRISTINE = 0
SEED_WRITTEN = 0x5a


def fnv1a(data):
    h = 0x811c9dc5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xffffffff
    return h


def sector(lba, seed=SEED_PRISTINE):
    body = bytearray(struct.pack('<I', lba))
    for i in range(4, 508):
        body.append((lba * 7 + i * 13 + (lba >> 8) + seed * (i + 1)) & 0xff)
    return bytes(body) + struct.pack('<I', fnv1a(body))


def make(path):
    with open(path, 'wb') as f:
        for lba in range(SECTORS):
            f.write(sector(lba))


def check(path):
    data = open(path, 'rb').read()
    if len(data) != SECTORS * SECTOR:
        print(f'{path}: {len(data)} bytes, expected {SECTORS * SECTOR}')
        return 1
    bad = 0
    for lba in range(SECTORS):
        got = data[lba * SECTOR:(lba + 1) * SECTOR]
        want = sector(lba, SEED_WRITTEN if lba in WRITTEN_LBAS else SEED_PRISTINE)
        if got != want:
            if bad < 10:
                kind = 'written' if lba in WRITTEN_LBAS else 'pristine'
                print(f'{path}: sector {lba} does not hold the {kind} pattern')
            bad += 1
    if bad:
        print(f'{path}: {bad} sectors wrong')
        return 1
    print(f'{path}: {len(WRITTEN_LBAS)} written sectors and {SECTORS - len(WRITTEN_LBAS)} '
          'pristine sectors as expected')
    return 0


def main(argv):
    if len(argv) == 1 and not argv[0].startswith('-'):
        make(argv[0])
        return 0
    if len(argv) == 2 and argv[0] == '--check':
        return check(argv[1])
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
