#!/usr/bin/env python3
"""Build a bootable (BIOS + UEFI) GRUB ISO around the kernel.

Usage:
  mkiso.py --kernel kernel.elf --config iso/grub.cfg --output kernel.iso
  mkiso.py --kernel kernel.elf --cmdline "ktest=all" [--timeout 0] --output test.iso
      (without --config: iso/grub-test.cfg, @CMDLINE@ replaced; default ktest=all)

Needs grub-mkrescue with grub-pc-bin and grub-efi-amd64-bin, xorriso, mtools.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--config")
    ap.add_argument("--cmdline", default="ktest=all")
    ap.add_argument("--timeout", type=int, help="GRUB menu timeout in seconds")
    args = ap.parse_args()

    if args.config:
        with open(args.config) as f:
            cfg = f.read()
    else:
        with open(os.path.join(REPO, "iso", "grub-test.cfg")) as f:
            cfg = f.read()
    cfg = cfg.replace("@CMDLINE@", args.cmdline)
    if args.timeout is not None:
        cfg = re.sub(r"(?m)^set timeout=.*$", f"set timeout={args.timeout}", cfg)

    with tempfile.TemporaryDirectory(prefix="mkiso-") as root:
        os.makedirs(os.path.join(root, "boot", "grub"))
        shutil.copy(args.kernel, os.path.join(root, "boot", "kernel.elf"))
        with open(os.path.join(root, "boot", "grub", "grub.cfg"), "w") as f:
            f.write(cfg)
        tmp_out = args.output + ".tmp"
        r = subprocess.run(["grub-mkrescue", "-o", tmp_out, root],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stdout)
            sys.stderr.write("mkiso: grub-mkrescue failed (are grub-pc-bin, "
                             "grub-efi-amd64-bin, xorriso and mtools installed?)\n")
            return 1
        os.replace(tmp_out, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
