#!/usr/bin/env python3
"""Build helpers for loadable modules (modules/meson.build).

  ko.py link LD OUTPUT.ko INPUT.a
      `LD -r` the module's objects into OUTPUT.ko (debug info stripped),
      then check it is what the kernel's loader takes: ELF64, little-endian,
      ET_REL, EM_X86_64, no SHT_REL sections, no .eh_frame, no common
      symbols. A module that would be refused fails the build instead.

  ko.py broken GOOD.ko OUTDIR
      Write deliberately corrupt copies of GOOD.ko into OUTDIR, one per way
      a file can be malformed, for the module suite:
        bad_magic.ko    e_ident[1] flipped            "Invalid ELF header magic"
        truncated.ko    cut before the section table  "Invalid ELF section header overflow"
        bad_section.ko  a section's offset past EOF   "Module len N truncated"
        bad_rel.ko      a RELA section retyped REL    "REL relocation unsupported"
        bad_wx.ko       .text made writable too       "has invalid WRITE|EXEC flags"
"""
import os
import struct
import subprocess
import sys

EHDR = struct.Struct('<16sHHIQQQIHHHHHH')
SHDR = struct.Struct('<IIQQQQIIQQ')
SYM = struct.Struct('<IBBHQQ')
SHT_SYMTAB, SHT_RELA, SHT_REL = 2, 4, 9
SHF_WRITE, SHF_EXECINSTR = 1, 4
SHN_COMMON = 0xfff2


class Elf:
    def __init__(self, data):
        self.data = bytearray(data)
        (self.ident, self.type, self.machine, _, _, _, self.shoff, _, _, _, _,
         self.shentsize, self.shnum, self.shstrndx) = EHDR.unpack_from(self.data, 0)
        self.sections = [list(SHDR.unpack_from(self.data, self.shoff + i * SHDR.size))
                         for i in range(self.shnum)]
        strtab = self.sections[self.shstrndx]
        self.names = [self._str(strtab[4], s[0]) for s in self.sections]

    def _str(self, base, off):
        end = self.data.index(b'\0', base + off)
        return self.data[base + off:end].decode()

    def index(self, name):
        return self.names.index(name)

    def write_section(self, i):
        SHDR.pack_into(self.data, self.shoff + i * SHDR.size, *self.sections[i])


def check(path):
    with open(path, 'rb') as f:
        elf = Elf(f.read())
    problems = []
    if elf.ident[:4] != b'\x7fELF' or elf.ident[4] != 2 or elf.ident[5] != 1:
        problems.append('not an ELF64 little-endian file')
    if elf.type != 1:
        problems.append(f'e_type {elf.type}, not ET_REL (1)')
    if elf.machine != 62:
        problems.append(f'e_machine {elf.machine}, not EM_X86_64 (62)')
    for name, s in zip(elf.names, elf.sections):
        if s[1] == SHT_REL:
            problems.append(f'section {name} is SHT_REL (the loader takes RELA only)')
        if name in ('.eh_frame', '.rela.eh_frame'):
            problems.append(f'section {name} (build with -fno-asynchronous-unwind-tables)')
        if s[1] == SHT_SYMTAB:
            for off in range(s[4], s[4] + s[5], SYM.size):
                if SYM.unpack_from(elf.data, off)[3] == SHN_COMMON:
                    problems.append('a common symbol (build with -fno-common)')
    for p in problems:
        sys.stderr.write(f'{path}: {p}\n')
    return not problems


def link(ld, out, lib):
    subprocess.run([ld, '-r', '-m', 'elf_x86_64', '-S', '--whole-archive', lib, '-o', out],
                   check=True)
    if not check(out):
        os.unlink(out)
        return 1
    return 0


def broken(good, outdir):
    with open(good, 'rb') as f:
        data = f.read()
    out = {}

    elf = Elf(data)
    elf.data[1] ^= 0xff
    out['bad_magic.ko'] = elf.data

    elf = Elf(data)
    out['truncated.ko'] = elf.data[:elf.shoff + SHDR.size]

    elf = Elf(data)
    text = elf.index('.text')
    elf.sections[text][4] = len(elf.data) + 0x1000     # sh_offset
    elf.write_section(text)
    out['bad_section.ko'] = elf.data

    elf = Elf(data)
    rela = next(i for i, s in enumerate(elf.sections) if s[1] == SHT_RELA)
    elf.sections[rela][1] = SHT_REL
    elf.write_section(rela)
    out['bad_rel.ko'] = elf.data

    elf = Elf(data)
    elf.sections[text][2] |= SHF_WRITE | SHF_EXECINSTR
    elf.write_section(text)
    out['bad_wx.ko'] = elf.data

    for name, blob in out.items():
        with open(os.path.join(outdir, name), 'wb') as f:
            f.write(blob)
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == 'link':
        return link(argv[2], argv[3], argv[4])
    if len(argv) == 4 and argv[1] == 'broken':
        return broken(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
