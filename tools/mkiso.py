#!/usr/bin/env python3
"""Build a bootable (BIOS + UEFI) GRUB ISO around the kernel.

Usage:
  mkiso.py --kernel kernel.elf --config iso/grub.cfg --output kernel.iso
  mkiso.py --kernel kernel.elf --cmdline "ktest=all" [--timeout 0] --output test.iso
      (without --config: iso/grub-test.cfg, @CMDLINE@ replaced; default ktest=all)
  ... --module build/modules/x.ko[=NAME] (repeatable)
      copies the module to /boot/modules/NAME (default: its file name) and
      adds "module2 /boot/modules/NAME NAME" after the multiboot2 line of
      every menu entry, so the kernel finds it by NAME (insmod, module suite)

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


def parse_modules(specs):
    """--module PATH[=NAME] -> [(path, name)]; names must be unique and plain."""
    modules, seen = [], set()
    for spec in specs:
        path, _, name = spec.partition("=")
        name = name or os.path.basename(path)
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or name in seen:
            sys.exit(f"mkiso: bad or repeated module name {name!r}")
        if not os.path.isfile(path):
            sys.exit(f"mkiso: module {path} not found")
        seen.add(name)
        modules.append((path, name))
    return modules


def add_module_lines(cfg, modules):
    """After each multiboot2 line, one module2 line per module, same indent."""
    if not modules:
        return cfg

    def expand(m):
        lines = [m.group(0)]
        for _, name in modules:
            lines.append(f"{m.group(1)}module2 /boot/modules/{name} {name}")
        return "\n".join(lines)

    return re.sub(r"(?m)^([ \t]*)multiboot2 .*$", expand, cfg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--config")
    ap.add_argument("--cmdline", default="ktest=all")
    ap.add_argument("--timeout", type=int, help="GRUB menu timeout in seconds")
    ap.add_argument("--module", action="append", default=[], metavar="PATH[=NAME]",
                    help="a loadable module for every menu entry (repeatable)")
    args = ap.parse_args()
    modules = parse_modules(args.module)

    if args.config:
        with open(args.config) as f:
            cfg = f.read()
    else:
        with open(os.path.join(REPO, "iso", "grub-test.cfg")) as f:
            cfg = f.read()
    cfg = cfg.replace("@CMDLINE@", args.cmdline)
    if args.timeout is not None:
        cfg = re.sub(r"(?m)^set timeout=.*$", f"set timeout={args.timeout}", cfg)
    cfg = add_module_lines(cfg, modules)

    with tempfile.TemporaryDirectory(prefix="mkiso-") as root:
        os.makedirs(os.path.join(root, "boot", "grub"))
        shutil.copy(args.kernel, os.path.join(root, "boot", "kernel.elf"))
        if modules:
            os.makedirs(os.path.join(root, "boot", "modules"))
        for path, name in modules:
            shutil.copy(path, os.path.join(root, "boot", "modules", name))
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
